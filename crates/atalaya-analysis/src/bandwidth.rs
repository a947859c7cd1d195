//! Kernel bandwidths: given by hand or from a rule of thumb over the points.
//!
//! * **Scott** (normal reference): `h = σ̄ · n^(−1/6)`, with `σ̄ = √((s²ₓ + s²ᵧ)/2)` the mean of
//!   the two sample variances (divisor `n − 1`). In two dimensions Scott's factor `n^(−1/(d+4))`
//!   and the normal-reference Silverman factor `(n(d+2)/4)^(−1/(d+4))` are the same number, so
//!   scipy's `gaussian_kde` "scott" and "silverman" agree with this for an isotropic kernel.
//! * **Silverman**, robust form used by crime-mapping tools (ArcGIS Pro's Kernel Density
//!   default): `h = 0.9 · min(SD, √(1/ln 2) · Dₘ) · n^(−1/5)`, where `SD = √(Σ[(x−x̄)² + (y−ȳ)²]/n)`
//!   is the standard distance and `Dₘ` the median distance to the mean centre (unweighted).

use serde::{Deserialize, Serialize};

use crate::AnalysisError;
use crate::point::{Point, check_points};

/// How to choose the kernel bandwidth.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum Bandwidth {
    /// A bandwidth in metres chosen by the analyst.
    Fixed(f64),
    /// Scott's normal-reference rule (see the module docs).
    Scott,
    /// Silverman's robust rule of thumb as in crime-mapping tools (see the module docs).
    Silverman,
}

impl Bandwidth {
    /// The bandwidth in metres for these points.
    pub fn resolve(self, points: &[Point]) -> Result<f64, AnalysisError> {
        let h = match self {
            Bandwidth::Fixed(h) => h,
            Bandwidth::Scott => scott(points)?,
            Bandwidth::Silverman => silverman(points)?,
        };
        if h > 0.0 && h.is_finite() {
            Ok(h)
        } else {
            Err(AnalysisError::BandwidthNotPositive(h))
        }
    }
}

fn mean_centre(points: &[Point]) -> Result<(f64, f64, f64), AnalysisError> {
    check_points(points)?;
    if points.len() < 2 {
        return Err(AnalysisError::TooFewPoints {
            what: "a bandwidth rule",
            needed: 2,
            got: points.len(),
        });
    }
    let n = points.len() as f64;
    let mx = points.iter().map(|p| p.x).sum::<f64>() / n;
    let my = points.iter().map(|p| p.y).sum::<f64>() / n;
    Ok((mx, my, n))
}

/// Scott's rule: `√((s²ₓ + s²ᵧ)/2) · n^(−1/6)`.
pub fn scott(points: &[Point]) -> Result<f64, AnalysisError> {
    let (mx, my, n) = mean_centre(points)?;
    let ss: f64 = points
        .iter()
        .map(|p| (p.x - mx).powi(2) + (p.y - my).powi(2))
        .sum();
    let sigma = (ss / (2.0 * (n - 1.0))).sqrt();
    Ok(sigma * n.powf(-1.0 / 6.0))
}

/// Silverman's robust rule: `0.9 · min(SD, √(1/ln 2) · Dₘ) · n^(−1/5)`.
pub fn silverman(points: &[Point]) -> Result<f64, AnalysisError> {
    let (mx, my, n) = mean_centre(points)?;
    let mut d: Vec<f64> = points
        .iter()
        .map(|p| ((p.x - mx).powi(2) + (p.y - my).powi(2)).sqrt())
        .collect();
    let sd = (d.iter().map(|v| v * v).sum::<f64>() / n).sqrt();
    d.sort_unstable_by(f64::total_cmp);
    let m = d.len() / 2;
    let median = if d.len() % 2 == 1 {
        d[m]
    } else {
        (d[m - 1] + d[m]) / 2.0
    };
    let spread = sd.min((1.0 / std::f64::consts::LN_2).sqrt() * median);
    Ok(0.9 * spread * n.powf(-0.2))
}
