//! The analyses of `atalaya-analysis` run on the user's incidents: the filter picks the
//! incidents, [`data`] projects them into a local metric plane ([`plane`]), and each module
//! builds its grid, weights or counts and returns plain serializable results, which
//! [`render`] turns into tables, CSV and GeoJSON (cells and chains in WGS84).
//!
//! Every analysis also runs on a plain CSV of planar points ([`data::CsvInput`]), so results
//! can be compared with other tools; GeoJSON of planar input keeps its planar coordinates.

pub mod areas;
pub mod data;
pub mod export;
pub mod grid;
pub mod nearrepeat;
pub mod panel;
pub mod plane;
pub mod prospective;
pub mod render;
pub mod temporal;

pub use atalaya_analysis::{AnalysisError, Bandwidth, Kernel};
pub use data::{AnalysisData, CsvInput};
pub use plane::LocalPlane;

use crate::Error;

/// An analysis refused its input: an argument error naming the parameter, the value and what
/// was expected.
pub(crate) fn refused(e: AnalysisError) -> Error {
    if e == AnalysisError::Cancelled {
        return Error::Cancelled;
    }
    let (what, value, expected): (&'static str, String, String) = match &e {
        AnalysisError::CellSizeNotPositive(v) => (
            "--cell",
            v.to_string(),
            "a positive number of metres, e.g. 100".into(),
        ),
        AnalysisError::GridTooLarge { nx, ny, max } => (
            "--cell",
            format!("{nx} × {ny} cells"),
            format!("at most {max} cells: choose a larger cell size"),
        ),
        AnalysisError::BandwidthNotPositive(v) => (
            "--bandwidth",
            v.to_string(),
            "a positive number of metres (a rule gives 0 when all points are at one place)".into(),
        ),
        AnalysisError::KOutOfRange { k, max } => (
            "--weights",
            format!("knn:{k}"),
            format!("k from 1 to {max} (units − 1)"),
        ),
        AnalysisError::NoPermutations => (
            "--permutations",
            "0".into(),
            "at least 1; 99 or 999 are usual".into(),
        ),
        AnalysisError::OutOfRange {
            what: "coverage",
            value,
            expected,
        } => ("--coverage", value.clone(), (*expected).into()),
        AnalysisError::TooFewPoints { what, needed, got } => (
            "input",
            format!("{got} located events"),
            format!("at least {needed} for {what}: widen the filter"),
        ),
        AnalysisError::ZeroTotal | AnalysisError::ConstantValues => (
            "input",
            "counts".into(),
            format!("counts that vary between units for Gi* ({e})"),
        ),
        other => ("input", String::new(), other.to_string()),
    };
    Error::InvalidArgument {
        what,
        value,
        expected,
    }
}

/// Spatial weights as the user names them: `queen`, `rook`, `distance:M` or `knn:K`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum WeightsSpec {
    /// Shared edge or corner (cells), shared edge or point (areas).
    Queen,
    /// Shared edge.
    Rook,
    /// Centres within this many metres.
    Distance(f64),
    /// The k nearest centres.
    Knn(usize),
}

impl std::str::FromStr for WeightsSpec {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        let expected = "queen, rook, distance:M (metres, e.g. distance:250) or knn:K (e.g. knn:8)";
        let bad = || Error::invalid("--weights", s, expected);
        match s.split_once(':') {
            None if s == "queen" => Ok(Self::Queen),
            None if s == "rook" => Ok(Self::Rook),
            Some(("distance", m)) => m
                .parse::<f64>()
                .ok()
                .filter(|m| *m > 0.0 && m.is_finite())
                .map(Self::Distance)
                .ok_or_else(bad),
            Some(("knn", k)) => k
                .parse::<usize>()
                .ok()
                .filter(|k| *k > 0)
                .map(Self::Knn)
                .ok_or_else(bad),
            _ => Err(bad()),
        }
    }
}

/// Parses `--bandwidth M|scott|silverman`.
pub fn parse_bandwidth(s: &str) -> Result<Bandwidth, Error> {
    match s {
        "scott" => Ok(Bandwidth::Scott),
        "silverman" => Ok(Bandwidth::Silverman),
        _ => s
            .parse::<f64>()
            .ok()
            .filter(|h| *h > 0.0 && h.is_finite())
            .map(Bandwidth::Fixed)
            .ok_or_else(|| {
                Error::invalid(
                    "--bandwidth",
                    s,
                    "a positive number of metres (e.g. 250), scott or silverman",
                )
            }),
    }
}

/// Parses `--kernel quartic|gaussian`.
pub fn parse_kernel(s: &str) -> Result<Kernel, Error> {
    match s {
        "quartic" => Ok(Kernel::Quartic),
        "gaussian" => Ok(Kernel::Gaussian),
        _ => Err(Error::invalid("--kernel", s, "quartic or gaussian")),
    }
}

/// Parses a comma-separated list of strictly increasing non-negative numbers (`--delta`,
/// `--tau`).
pub fn parse_limits(what: &'static str, s: &str) -> Result<Vec<f64>, Error> {
    let expected = "one number or a comma-separated increasing list, e.g. 100 or 100,200,300";
    let values: Vec<f64> = s
        .split(',')
        .map(|v| v.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .map_err(|_| Error::invalid(what, s, expected))?;
    let valid = !values.is_empty()
        && values.iter().all(|v| *v >= 0.0 && v.is_finite())
        && values.windows(2).all(|w| w[0] < w[1]);
    if valid {
        Ok(values)
    } else {
        Err(Error::invalid(what, s, expected))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_parse_or_say_what_was_expected() {
        assert_eq!("queen".parse::<WeightsSpec>().unwrap(), WeightsSpec::Queen);
        assert_eq!(
            "distance:250".parse::<WeightsSpec>().unwrap(),
            WeightsSpec::Distance(250.0)
        );
        assert_eq!("knn:8".parse::<WeightsSpec>().unwrap(), WeightsSpec::Knn(8));
        let e = "knn:0".parse::<WeightsSpec>().unwrap_err().to_string();
        assert!(
            e.starts_with("invalid --weights `knn:0`: expected queen, rook"),
            "{e}"
        );
        assert_eq!(parse_bandwidth("250").unwrap(), Bandwidth::Fixed(250.0));
        assert!(parse_bandwidth("-3").is_err());
        assert!(parse_kernel("epanechnikov").is_err());
        assert_eq!(
            parse_limits("--delta", "100, 200").unwrap(),
            vec![100.0, 200.0]
        );
        assert!(parse_limits("--tau", "7,3").is_err());
    }
}
