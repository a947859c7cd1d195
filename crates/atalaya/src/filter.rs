//! Turning user-typed filter arguments into a validated store filter, with errors that say
//! what was wrong and what would be accepted.

use atalaya_model::time::LOCAL_TZ;
use atalaya_store::IncidentFilter;
use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use serde::Deserialize;

use crate::{Error, Result, Workspace};

/// Filter arguments as a user or UI gives them (all text).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct FilterArgs {
    /// From (inclusive): `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM` (America/Santiago) or RFC 3339.
    pub from: Option<String>,
    /// To (exclusive), same forms; a bare date means the start of that day.
    pub to: Option<String>,
    /// Category or group codes.
    pub categories: Vec<String>,
    /// Source names.
    pub sources: Vec<String>,
    /// Cuadrante or barrio codes.
    pub areas: Vec<String>,
    /// `min_lon,min_lat,max_lon,max_lat`.
    pub bbox: Option<String>,
    /// Words to find in descriptions and addresses.
    pub text: Option<String>,
}

/// Parse a date or date-time; local forms are America/Santiago.
pub fn parse_instant(what: &'static str, text: &str) -> Result<DateTime<Utc>> {
    let t = text.trim();
    let expected =
        "a date like 2024-03-01, 2024-03-01T18:30 (America/Santiago) or 2024-03-01T21:30:00Z";
    if let Ok(dt) = DateTime::parse_from_rfc3339(t) {
        return Ok(dt.with_timezone(&Utc));
    }
    let local = NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .or_else(|| NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M").ok())
        .or_else(|| NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M:%S").ok())
        .ok_or_else(|| Error::invalid(what, t, expected))?;
    // A local time skipped by a DST jump does not exist; take the first instant after it.
    LOCAL_TZ
        .from_local_datetime(&local)
        .earliest()
        .or_else(|| {
            LOCAL_TZ
                .from_local_datetime(&(local + chrono::Duration::hours(1)))
                .earliest()
        })
        .map(|d| d.with_timezone(&Utc))
        .ok_or_else(|| Error::invalid(what, t, expected))
}

fn parse_bbox(text: &str) -> Result<[f64; 4]> {
    let expected = "min_lon,min_lat,max_lon,max_lat in degrees, e.g. -70.62,-33.44,-70.60,-33.42";
    let parts: Vec<f64> = text
        .split(',')
        .map(|p| p.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .map_err(|_| Error::invalid("bbox", text, expected))?;
    let [x0, y0, x1, y1]: [f64; 4] = parts
        .try_into()
        .map_err(|_| Error::invalid("bbox", text, expected))?;
    let in_range = [x0, x1].iter().all(|x| (-180.0..=180.0).contains(x))
        && [y0, y1].iter().all(|y| (-90.0..=90.0).contains(y));
    if !(in_range && x0 < x1 && y0 < y1) {
        return Err(Error::invalid("bbox", text, expected));
    }
    Ok([x0, y0, x1, y1])
}

impl Workspace {
    /// Validate filter arguments against the taxonomy and the store's areas and sources.
    pub fn parse_filter(&self, args: &FilterArgs) -> Result<IncidentFilter> {
        let from = args
            .from
            .as_deref()
            .map(|t| parse_instant("--from", t))
            .transpose()?;
        let to = args
            .to
            .as_deref()
            .map(|t| parse_instant("--to", t))
            .transpose()?;
        if let (Some(f), Some(t)) = (from, to)
            && f >= t
        {
            let (a, b) = (
                args.from.clone().unwrap_or_default(),
                args.to.clone().unwrap_or_default(),
            );
            return Err(Error::invalid(
                "--to",
                b,
                format!("a time after --from {a}"),
            ));
        }
        for c in &args.categories {
            if self.taxonomy.category(c).is_none() && self.taxonomy.group(c).is_none() {
                let mut codes: Vec<&str> = self
                    .taxonomy
                    .groups
                    .iter()
                    .map(|g| g.code.as_str())
                    .collect();
                codes.extend(self.taxonomy.categories.iter().map(|c| c.code.as_str()));
                return Err(Error::invalid(
                    "--category",
                    c,
                    format!("a taxonomy code: {}", codes.join(", ")),
                ));
            }
        }
        let known_sources: Vec<String> =
            self.store.sources()?.into_iter().map(|(n, _)| n).collect();
        for s in &args.sources {
            if !known_sources.contains(s) {
                return Err(Error::invalid(
                    "--source",
                    s,
                    format!("a source name: {}", list_or_none(&known_sources)),
                ));
            }
        }
        let mut known_areas: Vec<String> = self
            .store
            .areas("cuadrante")?
            .into_iter()
            .map(|(c, _)| c)
            .collect();
        known_areas.extend(self.store.areas("barrio")?.into_iter().map(|(c, _)| c));
        for a in &args.areas {
            if !known_areas.contains(a) {
                return Err(Error::invalid(
                    "--area",
                    a,
                    format!("a cuadrante or barrio code: {}", list_or_none(&known_areas)),
                ));
            }
        }
        Ok(IncidentFilter {
            from,
            to,
            categories: args.categories.clone(),
            sources: args.sources.clone(),
            areas: args.areas.clone(),
            bbox: args.bbox.as_deref().map(parse_bbox).transpose()?,
            text: args.text.clone().filter(|t| !t.trim().is_empty()),
        })
    }
}

fn list_or_none(items: &[String]) -> String {
    if items.is_empty() {
        "(none in this store)".into()
    } else {
        items.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_dates_are_santiago_midnight() {
        assert_eq!(
            parse_instant("--from", "2024-01-15").unwrap().to_rfc3339(),
            "2024-01-15T03:00:00+00:00"
        );
        assert_eq!(
            parse_instant("--from", "2024-07-01T08:00")
                .unwrap()
                .to_rfc3339(),
            "2024-07-01T12:00:00+00:00"
        );
        assert_eq!(
            parse_instant("--from", "2024-07-01T08:00:00Z")
                .unwrap()
                .to_rfc3339(),
            "2024-07-01T08:00:00+00:00"
        );
    }

    #[test]
    fn bad_inputs_say_what_was_expected() {
        let e = parse_instant("--from", "ayer").unwrap_err().to_string();
        assert!(
            e.starts_with("invalid --from `ayer`: expected a date like"),
            "{e}"
        );
        assert!(parse_bbox("1,2,3").is_err());
        assert!(parse_bbox("-70.6,-33.4,-70.7,-33.3").is_err());
        assert_eq!(
            parse_bbox("-70.62,-33.44,-70.60,-33.42").unwrap(),
            [-70.62, -33.44, -70.60, -33.42]
        );
    }
}
