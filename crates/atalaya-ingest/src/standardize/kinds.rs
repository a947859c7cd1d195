//! Each kind of record assembled from a bound row: incidents, patrol tracks (points checked one
//! by one) and registry records (case numbers checked as the profile says).

use atalaya_model::{
    GeoPoint, Incident, IncidentId, IncidentStatus, LocationPrecision, PatrolTrack, RegistryRecord,
    RegistryRecordId, Sensitivity, TrackId, TrackPoint,
};
use chrono::{DateTime, Utc};

use super::{Leniency, Standardizer};
use crate::ruc::{CaseNumberFault, check_case_number};
use crate::values::{parse_local, to_utc};
use crate::{Reason, Rejection};

impl Standardizer {
    pub(super) fn incident(
        &self,
        fields: &[String],
        row: u64,
        leniency: Leniency,
    ) -> Result<Incident, Rejection> {
        let occurred_from = self.occurred(fields, row)?;
        let location_optional = self.profile.location.as_ref().is_some_and(|l| !l.required);
        let reported = self.location(fields, row);
        let (location, accuracy_m, location_precision) = match reported {
            Ok(Some(p)) => (
                Some(p),
                self.profile.location.as_ref().and_then(|l| l.accuracy_m),
                Some(LocationPrecision::Reported),
            ),
            Ok(None) | Err(_) if self.geocodable(fields) => match self.geocoded(fields, row) {
                Ok(g) => (Some(g.point), Some(g.accuracy_m), Some(g.precision)),
                Err(_) if leniency.allow_missing_location || location_optional => {
                    (None, None, None)
                }
                Err(r) => return Err(r),
            },
            Ok(None) => (None, None, None),
            Err(_) if leniency.allow_missing_location || location_optional => (None, None, None),
            Err(r) => return Err(r),
        };
        self.case_number(fields, row)?;
        let category_text = self.cell(self.category.as_ref(), fields);
        let category = match self.category_code(category_text) {
            Some(code) => code,
            None if leniency.unknown_category_as_other => "otr.otros".to_string(),
            None => {
                return Err(Rejection {
                    row,
                    column: self.category.as_ref().map(|c| c.name.clone()),
                    value: Some(category_text.into()),
                    expected: "a source category listed in the profile's [category.map] (or a taxonomy code)".into(),
                    reason: Reason::UnknownCategory,
                });
            }
        };
        let sensitivity = if category.starts_with("vif.") || category == "dmcs.violacion" {
            Sensitivity::Confidential
        } else {
            Sensitivity::Normal
        };
        let text = |c| Some(self.cell(c, fields)).filter(|s| !s.is_empty());
        Ok(Incident {
            id: IncidentId::new(),
            occurred_from,
            occurred_to: None,
            reported_at: None,
            category,
            original_category: Some(category_text.to_string()).filter(|s| !s.is_empty()),
            description: self.cell(self.description.as_ref(), fields).to_string(),
            location,
            accuracy_m,
            location_precision,
            address: text(self.address.as_ref()).map(str::to_string),
            cuadrante: None,
            barrio: None,
            status: IncidentStatus::Reported,
            sensitivity,
            source_id: None,
            batch_id: None,
            created_by: None,
        })
    }

    pub(super) fn registry(
        &self,
        fields: &[String],
        row: u64,
    ) -> Result<RegistryRecord, Rejection> {
        let recorded_at = self.occurred(fields, row)?;
        let case_number = self.case_number(fields, row)?.unwrap_or_default();
        let institution = self
            .profile
            .case_number
            .as_ref()
            .and_then(|c| c.institution.clone())
            .unwrap_or_else(|| self.profile.source.name.clone());
        Ok(RegistryRecord {
            id: RegistryRecordId::new(),
            institution,
            case_number,
            recorded_at,
            category_text: self.cell(self.category.as_ref(), fields).to_string(),
            source_id: None,
        })
    }

    /// The row's case number checked as `[case_number] check` says (canonical form), `None`
    /// when the profile names no case-number column.
    fn case_number(&self, fields: &[String], row: u64) -> Result<Option<String>, Rejection> {
        let (Some(section), Some(col)) = (&self.profile.case_number, &self.case_number) else {
            return Ok(None);
        };
        let value = self.cell(Some(col), fields);
        check_case_number(value, section.check)
            .map(Some)
            .map_err(|fault| Rejection {
                row,
                column: Some(col.name.clone()),
                value: Some(value.into()),
                expected: match fault {
                    CaseNumberFault::Shape => match section.check {
                        crate::profile::CaseNumberCheck::None => "a case number".into(),
                        _ => {
                            "a RUC: 10 digits, a dash and a check digit (e.g. 2400123456-7)".into()
                        }
                    },
                    CaseNumberFault::CheckDigit { expected } => format!(
                        "a RUC whose check digit is {expected} (módulo 11 over its 10 digits)"
                    ),
                },
                reason: Reason::InvalidCaseNumber,
            })
    }

    pub(super) fn track(&self, fields: &[String], row: u64) -> Result<PatrolTrack, Rejection> {
        let unit_col = self.unit.as_ref();
        let points_col = self.points.as_ref();
        let column = |c: Option<&super::Col>| c.map(|c| c.name.clone());
        let unit = self.cell(unit_col, fields);
        if unit.is_empty() {
            return Err(Rejection {
                row,
                column: column(unit_col),
                value: Some(String::new()),
                expected: "the patrol unit's code (GPX: the track's <name>)".into(),
                reason: Reason::MissingValue,
            });
        }
        let text = self.cell(points_col, fields);
        let raw: Vec<Vec<String>> = serde_json::from_str(text).map_err(|e| Rejection {
            row,
            column: column(points_col),
            value: Some(text.chars().take(200).collect()),
            expected: format!("points as JSON [[\"lon\", \"lat\", \"time\"], …] ({e})"),
            reason: Reason::Malformed,
        })?;
        if raw.is_empty() {
            return Err(Rejection {
                row,
                column: column(points_col),
                value: Some("0 points".into()),
                expected: "a track with at least one <trkpt lat lon> with its <time>".into(),
                reason: Reason::NoLocation,
            });
        }
        let mut points = Vec::with_capacity(raw.len());
        for (i, p) in raw.iter().enumerate() {
            let part = |k: usize| p.get(k).map_or("", |s| s.trim());
            let fault = |what: &str, value: &str, expected: &str, reason| Rejection {
                row,
                column: Some(format!("trkpt {} {what}", i + 1)),
                value: Some(value.into()),
                expected: expected.into(),
                reason,
            };
            let lon = part(0)
                .parse::<f64>()
                .ok()
                .filter(|v| v.is_finite() && (-180.0..=180.0).contains(v))
                .ok_or_else(|| {
                    fault(
                        "lon",
                        part(0),
                        "a longitude in degrees, −180 to 180",
                        Reason::NoLocation,
                    )
                })?;
            let lat = part(1)
                .parse::<f64>()
                .ok()
                .filter(|v| v.is_finite() && (-90.0..=90.0).contains(v))
                .ok_or_else(|| {
                    fault(
                        "lat",
                        part(1),
                        "a latitude in degrees, −90 to 90",
                        Reason::NoLocation,
                    )
                })?;
            let at = self.point_time(part(2)).ok_or_else(|| {
                fault(
                    "time",
                    part(2),
                    "an ISO 8601 time such as 2024-03-01T21:15:00Z",
                    Reason::BadDate,
                )
            })?;
            points.push(TrackPoint {
                point: GeoPoint { lon, lat },
                at,
            });
        }
        Ok(PatrolTrack {
            id: TrackId::new(),
            unit: unit.to_string(),
            points,
            source_id: None,
        })
    }

    /// A point's time: RFC 3339 (what GPX writes), else the profile's formats in its zone.
    fn point_time(&self, text: &str) -> Option<DateTime<Utc>> {
        if let Ok(t) = DateTime::parse_from_rfc3339(text) {
            return Some(t.with_timezone(&Utc));
        }
        let t = self.profile.time.as_ref()?;
        let local = parse_local(text, None, &self.formats, t.excel_serial)?;
        to_utc(local, self.zone, t.ambiguous, t.nonexistent).ok()
    }
}
