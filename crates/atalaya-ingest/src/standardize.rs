//! Standardization: one source row (fields named by the file's header) → one [`Incident`] of the
//! model, or a [`Rejection`] naming the column, value and expectation that failed.

use std::collections::HashMap;

use atalaya_model::{GeoPoint, Incident, IncidentId, IncidentStatus, Sensitivity, Taxonomy};

use crate::coords::utm19s_to_wgs84;
use crate::profile::{Crs, Profile};
use crate::values::{LocalTimeFault, fold, parse_local, parse_number, to_utc};
use crate::{IngestError, Reason, Rejection};

/// A row that standardized cleanly.
#[derive(Clone, Debug, PartialEq)]
pub struct StandardRecord {
    /// The source's own id for the record (or `sha:` + a hash of the row when it has none).
    pub record_id: String,
    /// The standardized incident (a fresh id; cuadrante and barrio are left to the importer).
    pub incident: Incident,
}

/// How forgiving to be: an analyst accepting a quarantined row overrides some faults.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Leniency {
    /// Map unknown categories to `otr.otros` (the source text is kept as original category).
    pub unknown_category_as_other: bool,
    /// Accept a row without a usable location.
    pub allow_missing_location: bool,
}

impl Leniency {
    /// Everything an analyst may override.
    pub fn accept() -> Self {
        Self {
            unknown_category_as_other: true,
            allow_missing_location: true,
        }
    }
}

struct Col {
    index: usize,
    name: String,
}

/// A profile bound to one file's header: column names resolved to positions once.
pub struct Standardizer {
    profile: Profile,
    header: Vec<String>,
    date: Col,
    time: Option<Col>,
    x: Option<Col>,
    y: Option<Col>,
    category: Col,
    record_id: Option<Col>,
    description: Option<Col>,
    address: Option<Col>,
    categories: HashMap<String, String>,
    codes: HashMap<String, String>,
    zone: chrono_tz::Tz,
}

/// Where a header name is: exact match first, then ignoring case, accents and spacing.
pub fn find_column(header: &[String], name: &str) -> Option<usize> {
    header
        .iter()
        .position(|h| h.trim() == name.trim())
        .or_else(|| {
            let folded = fold(name);
            header.iter().position(|h| fold(h) == folded)
        })
}

impl Standardizer {
    /// Bind `profile` to a file whose header is `header`; fails naming any mapped column the
    /// header lacks.
    pub fn new(
        profile: &Profile,
        taxonomy: &Taxonomy,
        header: &[String],
        file: &str,
    ) -> Result<Self, IngestError> {
        let col = |field: &'static str, name: &str| {
            find_column(header, name)
                .map(|index| Col {
                    index,
                    name: header[index].clone(),
                })
                .ok_or_else(|| IngestError::MissingColumn {
                    file: file.into(),
                    field,
                    column: name.into(),
                    header: header.join(", "),
                })
        };
        let opt =
            |field: &'static str, name: Option<&String>| name.map(|n| col(field, n)).transpose();
        let loc = profile.location.as_ref();
        Ok(Self {
            date: col("time.date", &profile.time.date)?,
            time: opt("time.time", profile.time.time.as_ref())?,
            x: opt("location.x", loc.map(|l| &l.x))?,
            y: opt("location.y", loc.map(|l| &l.y))?,
            category: col("category.column", &profile.category.column)?,
            record_id: opt("columns.record_id", profile.columns.record_id.as_ref())?,
            description: opt("columns.description", profile.columns.description.as_ref())?,
            address: opt("columns.address", profile.columns.address.as_ref())?,
            categories: profile
                .category
                .map
                .iter()
                .map(|(k, v)| (fold(k), v.clone()))
                .collect(),
            codes: taxonomy
                .categories
                .iter()
                .map(|c| (c.code.to_lowercase(), c.code.clone()))
                .collect(),
            zone: profile.zone(),
            header: header.to_vec(),
            profile: profile.clone(),
        })
    }

    /// The header this standardizer was bound to.
    pub fn header(&self) -> &[String] {
        &self.header
    }

    /// The profile.
    pub fn profile(&self) -> &Profile {
        &self.profile
    }

    /// The source's id for a row: its record-id column, or a fingerprint of the row when the
    /// profile has none or the cell is empty.
    pub fn record_id(&self, fields: &[String]) -> String {
        match self
            .record_id
            .as_ref()
            .and_then(|c| fields.get(c.index))
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
        {
            Some(id) => id.to_string(),
            None => row_fingerprint(fields),
        }
    }

    /// The header names of the location columns (x, y), when the profile has them.
    pub fn location_columns(&self) -> Option<(&str, &str)> {
        Some((
            self.x.as_ref()?.name.as_str(),
            self.y.as_ref()?.name.as_str(),
        ))
    }

    /// Where a field to edit is: a header name, or a standard field name (`date`, `time`,
    /// `category`, `x`/`lon`/`easting`, `y`/`lat`/`northing`, `record_id`, `description`,
    /// `address`) resolved through the profile.
    pub fn field_index(&self, name: &str) -> Option<usize> {
        if let Some(i) = find_column(&self.header, name) {
            return Some(i);
        }
        let col = match name {
            "date" => Some(&self.date),
            "time" => self.time.as_ref(),
            "category" => Some(&self.category),
            "x" | "lon" | "easting" => self.x.as_ref(),
            "y" | "lat" | "northing" => self.y.as_ref(),
            "record_id" => self.record_id.as_ref(),
            "description" => self.description.as_ref(),
            "address" => self.address.as_ref(),
            _ => None,
        };
        col.map(|c| c.index)
    }

    /// Standardize the fields of the record starting at line `row`.
    pub fn standardize(&self, fields: &[String], row: u64) -> Result<StandardRecord, Rejection> {
        self.standardize_with(fields, row, Leniency::default())
    }

    /// Standardize, overriding the faults `leniency` allows.
    pub fn standardize_with(
        &self,
        fields: &[String],
        row: u64,
        leniency: Leniency,
    ) -> Result<StandardRecord, Rejection> {
        self.check_width(fields, row)?;
        let get = |c: &Col| fields.get(c.index).map_or("", |s| s.trim());
        let occurred_from = self.occurred(fields, row)?;
        let location = match self.location(fields, row) {
            Ok(p) => p,
            Err(_) if leniency.allow_missing_location => None,
            Err(r) => return Err(r),
        };
        let category_text = get(&self.category);
        let category = match self.category_code(category_text) {
            Some(code) => code,
            None if leniency.unknown_category_as_other => "otr.otros".to_string(),
            None => {
                return Err(Rejection {
                    row,
                    column: Some(self.category.name.clone()),
                    value: Some(category_text.into()),
                    expected: "a source category listed in the profile's [category.map] (or a taxonomy code)".into(),
                    reason: Reason::UnknownCategory,
                });
            }
        };
        let record_id = self.record_id(fields);
        let sensitivity = if category.starts_with("vif.") || category == "dmcs.violacion" {
            Sensitivity::Confidential
        } else {
            Sensitivity::Normal
        };
        let incident = Incident {
            id: IncidentId::new(),
            occurred_from,
            occurred_to: None,
            reported_at: None,
            category,
            original_category: Some(category_text.to_string()).filter(|s| !s.is_empty()),
            description: self
                .description
                .as_ref()
                .map(get)
                .unwrap_or_default()
                .to_string(),
            location,
            accuracy_m: location.and(self.profile.location.as_ref().and_then(|l| l.accuracy_m)),
            address: self
                .address
                .as_ref()
                .map(get)
                .filter(|s| !s.is_empty())
                .map(str::to_string),
            cuadrante: None,
            barrio: None,
            status: IncidentStatus::Reported,
            sensitivity,
            source_id: None,
            batch_id: None,
            created_by: None,
        };
        Ok(StandardRecord {
            record_id,
            incident,
        })
    }

    fn check_width(&self, fields: &[String], row: u64) -> Result<(), Rejection> {
        let n = self.header.len();
        // Some exports end every row with a delimiter: empty trailing fields are harmless.
        let width = fields
            .iter()
            .rposition(|f| !f.trim().is_empty())
            .map_or(0, |i| i + 1)
            .max(n.min(fields.len()));
        if fields.len() == n || (fields.len() > n && width == n) {
            return Ok(());
        }
        Err(Rejection {
            row,
            column: None,
            value: Some(format!("{} columns", fields.len())),
            expected: format!("{n} columns, as in the header"),
            reason: Reason::WrongColumnCount,
        })
    }

    fn occurred(
        &self,
        fields: &[String],
        row: u64,
    ) -> Result<chrono::DateTime<chrono::Utc>, Rejection> {
        let t = &self.profile.time;
        let date = fields.get(self.date.index).map_or("", |s| s.trim());
        let time = self
            .time
            .as_ref()
            .map(|c| fields.get(c.index).map_or("", |s| s.trim()));
        let column = match &self.time {
            Some(tc) => format!("{} + {}", self.date.name, tc.name),
            None => self.date.name.clone(),
        };
        let value = match time {
            Some(tv) => format!("{date} {tv}").trim().to_string(),
            None => date.to_string(),
        };
        let reject = |reason: Reason, expected: String| Rejection {
            row,
            column: Some(column.clone()),
            value: Some(value.clone()),
            expected,
            reason,
        };
        let Some(local) = parse_local(date, time, &t.formats, t.excel_serial) else {
            let mut forms: Vec<String> = t.formats.iter().map(|f| format!("`{f}`")).collect();
            if t.excel_serial {
                forms.push("an Excel serial number".into());
            }
            return Err(reject(
                Reason::BadDate,
                format!("a date as {}", forms.join(" or ")),
            ));
        };
        to_utc(local, self.zone, t.ambiguous, t.nonexistent).map_err(|fault| match fault {
            LocalTimeFault::Ambiguous => reject(
                Reason::AmbiguousTime,
                format!(
                    "a local time that occurs once in {} (this one is repeated when DST ends)",
                    t.zone
                ),
            ),
            LocalTimeFault::Nonexistent => reject(
                Reason::NonexistentTime,
                format!(
                    "a local time that exists in {} (this one is skipped when DST starts)",
                    t.zone
                ),
            ),
        })
    }

    fn location(&self, fields: &[String], row: u64) -> Result<Option<GeoPoint>, Rejection> {
        let (Some(loc), Some(xc), Some(yc)) = (&self.profile.location, &self.x, &self.y) else {
            return Ok(None);
        };
        let dc = self.profile.format.decimal_comma;
        let x_text = fields.get(xc.index).map_or("", |s| s.trim());
        let y_text = fields.get(yc.index).map_or("", |s| s.trim());
        let expected = match loc.crs {
            Crs::Wgs84 => {
                "longitude and latitude in degrees (EPSG:4326) near Santiago, e.g. -70.61 and -33.43"
            }
            Crs::Utm19S => "UTM zone 19S easting (100000–900000 m) and northing (0–10000000 m)",
        };
        let fault = |col: &Col, value: &str| Rejection {
            row,
            column: Some(col.name.clone()),
            value: Some(value.to_string()),
            expected: expected.into(),
            reason: Reason::NoLocation,
        };
        let x = parse_number(x_text, dc).ok_or_else(|| fault(xc, x_text));
        let y = parse_number(y_text, dc).ok_or_else(|| fault(yc, y_text));
        let point = match loc.crs {
            Crs::Wgs84 => {
                let lon = x?;
                let lat = y?;
                if !(-180.0..=180.0).contains(&lon) || lon == 0.0 {
                    return Err(fault(xc, x_text));
                }
                if !(-90.0..=90.0).contains(&lat) || lat == 0.0 {
                    return Err(fault(yc, y_text));
                }
                GeoPoint { lon, lat }
            }
            Crs::Utm19S => {
                let e = x?;
                let n = y?;
                if !(100_000.0..=900_000.0).contains(&e) {
                    return Err(fault(xc, x_text));
                }
                if !(0.0 < n && n <= 10_000_000.0) {
                    return Err(fault(yc, y_text));
                }
                utm19s_to_wgs84(e, n)
            }
        };
        Ok(Some(point))
    }

    fn category_code(&self, text: &str) -> Option<String> {
        let key = fold(text);
        if key.is_empty() {
            return None;
        }
        self.categories
            .get(&key)
            .or_else(|| self.codes.get(&key))
            .cloned()
    }
}

/// A stable id for a row without a source id: `sha:` + 128 bits of BLAKE3 over its fields.
pub fn row_fingerprint(fields: &[String]) -> String {
    let mut h = blake3::Hasher::new();
    for f in fields {
        let f = f.trim();
        h.update(&(f.len() as u64).to_le_bytes());
        h.update(f.as_bytes());
    }
    format!("sha:{}", &h.finalize().to_hex()[..32])
}
