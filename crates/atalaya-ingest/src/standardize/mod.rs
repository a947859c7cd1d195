//! Standardization: one source row (fields named by the file's header) → one record of the
//! model — an [`Incident`], a [`PatrolTrack`] or a [`RegistryRecord`], as the profile's
//! `source.record` says — or a [`Rejection`] naming the column, value and expectation that
//! failed. This module binds a profile to a header and reads the shared values (time, place,
//! category); `kinds.rs` assembles each kind of record.

mod geocoding;
mod kinds;

use std::collections::HashMap;
use std::sync::Arc;

use atalaya_model::{GeoPoint, Incident, PatrolTrack, RegistryRecord, Taxonomy};

use crate::coords::utm19s_to_wgs84;
use crate::geocode::Gazetteer;
use crate::profile::{Crs, FormatKind, Profile, RecordKind};
use crate::reader::RawRow;
use crate::values::{LocalTimeFault, fold, parse_local, parse_number, to_utc};
use crate::{IngestError, Reason, Rejection};

/// A row that standardized cleanly.
#[derive(Clone, Debug, PartialEq)]
pub struct StandardRecord {
    /// The source's own id for the record (or `sha:` + a hash of the row when it has none).
    pub record_id: String,
    /// The standardized record (fresh ids; areas are left to the importer).
    pub record: Record,
}

/// A standardized record of any kind.
#[derive(Clone, Debug, PartialEq)]
pub enum Record {
    /// An incident.
    Incident(Incident),
    /// A patrol unit's track.
    PatrolTrack(PatrolTrack),
    /// An institution's case.
    RegistryRecord(RegistryRecord),
}

impl StandardRecord {
    /// The incident, when the record is one.
    pub fn incident(&self) -> Option<&Incident> {
        match &self.record {
            Record::Incident(i) => Some(i),
            _ => None,
        }
    }
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
    date: Option<Col>,
    time: Option<Col>,
    x: Option<Col>,
    y: Option<Col>,
    category: Option<Col>,
    record_id: Option<Col>,
    description: Option<Col>,
    address: Option<Col>,
    case_number: Option<Col>,
    unit: Option<Col>,
    points: Option<Col>,
    categories: HashMap<String, String>,
    codes: HashMap<String, String>,
    formats: Vec<String>,
    zone: chrono_tz::Tz,
    geocoder: Option<Arc<Gazetteer>>,
}

/// Date forms a sheet's date-typed cells are given in (see `xlsx.rs`), accepted from every
/// `xlsx` profile.
const SHEET_DATE_FORMS: &[&str] = &["%Y-%m-%d %H:%M:%S", "%Y-%m-%d"];

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
        let time = profile.time.as_ref();
        let track = profile.track_section();
        let is_track = profile.source.record == RecordKind::PatrolTrack;
        let mut formats: Vec<String> = time.map(|t| t.formats.clone()).unwrap_or_default();
        if profile.format.kind == FormatKind::Xlsx {
            for f in SHEET_DATE_FORMS {
                if !formats.iter().any(|g| g == f) {
                    formats.push(f.to_string());
                }
            }
        }
        Ok(Self {
            date: opt("time.date", time.map(|t| &t.date))?,
            time: opt("time.time", time.and_then(|t| t.time.as_ref()))?,
            x: opt("location.x", loc.map(|l| &l.x))?,
            y: opt("location.y", loc.map(|l| &l.y))?,
            category: opt(
                "category.column",
                profile.category.as_ref().map(|c| &c.column),
            )?,
            record_id: opt("columns.record_id", profile.columns.record_id.as_ref())?,
            description: opt("columns.description", profile.columns.description.as_ref())?,
            address: opt("columns.address", profile.columns.address.as_ref())?,
            case_number: opt(
                "case_number.column",
                profile.case_number.as_ref().map(|c| &c.column),
            )?,
            unit: opt("track.unit", is_track.then_some(&track.unit))?,
            points: opt("track.points", is_track.then_some(&track.points))?,
            categories: profile
                .category
                .iter()
                .flat_map(|c| &c.map)
                .map(|(k, v)| (fold(k), v.clone()))
                .collect(),
            codes: taxonomy
                .categories
                .iter()
                .map(|c| (c.code.to_lowercase(), c.code.clone()))
                .collect(),
            formats,
            zone: profile.zone(),
            geocoder: None,
            header: header.to_vec(),
            profile: profile.clone(),
        })
    }

    /// Place rows that give an address but no usable coordinates with `gazetteer` (when the
    /// profile's records can have an address at all).
    pub fn set_geocoder(&mut self, gazetteer: Arc<Gazetteer>) {
        if self.wants_geocoder() {
            self.geocoder = Some(gazetteer);
        }
    }

    /// Whether rows of this profile may need geocoding (an incident profile with an address).
    pub fn wants_geocoder(&self) -> bool {
        self.address.is_some() && self.profile.source.record == RecordKind::Incident
    }

    /// The header this standardizer was bound to.
    pub fn header(&self) -> &[String] {
        &self.header
    }

    /// The profile.
    pub fn profile(&self) -> &Profile {
        &self.profile
    }

    /// The source's id for a row as standardized: the record's, or for a refused row what
    /// [`Standardizer::record_id`] reads from its fields.
    pub fn key_of(&self, outcome: &Result<StandardRecord, Rejection>, fields: &[String]) -> String {
        match outcome {
            Ok(rec) => rec.record_id.clone(),
            Err(_) => self.record_id(fields),
        }
    }

    /// The source's id for a row: its record-id column, else its case number (canonical when
    /// it is a well-formed RUC), else a fingerprint of the row.
    pub fn record_id(&self, fields: &[String]) -> String {
        let cell = |c: &Option<Col>| {
            c.as_ref()
                .and_then(|c| fields.get(c.index))
                .map(|s| s.trim())
                .filter(|s| !s.is_empty())
        };
        if let Some(id) = cell(&self.record_id) {
            return id.to_string();
        }
        if let Some(n) = cell(&self.case_number) {
            return crate::ruc::normalize_ruc(n).unwrap_or_else(|| n.to_string());
        }
        row_fingerprint(fields)
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
            "date" => self.date.as_ref(),
            "time" => self.time.as_ref(),
            "category" => self.category.as_ref(),
            "case_number" => self.case_number.as_ref(),
            "unit" => self.unit.as_ref(),
            "points" => self.points.as_ref(),
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

    /// Standardize a record as read; a record its reader could not split is quarantined as
    /// `malformed`.
    pub fn standardize_raw(&self, raw: &RawRow) -> Result<StandardRecord, Rejection> {
        if let Some(fault) = &raw.fault {
            let mut value: String = raw.text.chars().take(200).collect();
            if value.len() < raw.text.len() {
                value.push('…');
            }
            return Err(Rejection {
                row: raw.row,
                column: None,
                value: Some(value),
                expected: format!(
                    "a well-formed {} record ({fault})",
                    self.profile.format.kind.as_str()
                ),
                reason: Reason::Malformed,
            });
        }
        self.standardize(&raw.fields, raw.row)
    }

    /// Standardize, overriding the faults `leniency` allows.
    pub fn standardize_with(
        &self,
        fields: &[String],
        row: u64,
        leniency: Leniency,
    ) -> Result<StandardRecord, Rejection> {
        self.check_width(fields, row)?;
        let record = match self.profile.source.record {
            RecordKind::Incident => Record::Incident(self.incident(fields, row, leniency)?),
            RecordKind::PatrolTrack => Record::PatrolTrack(self.track(fields, row)?),
            RecordKind::RegistryRecord => Record::RegistryRecord(self.registry(fields, row)?),
        };
        Ok(StandardRecord {
            record_id: self.record_id(fields),
            record,
        })
    }

    fn cell<'f>(&self, col: Option<&Col>, fields: &'f [String]) -> &'f str {
        col.and_then(|c| fields.get(c.index))
            .map_or("", |s| s.trim())
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
        let (Some(t), Some(date_col)) = (&self.profile.time, &self.date) else {
            return Err(Rejection {
                row,
                column: None,
                value: None,
                expected: "a [time] section in the profile".into(),
                reason: Reason::BadDate,
            });
        };
        let date = fields.get(date_col.index).map_or("", |s| s.trim());
        let time = self
            .time
            .as_ref()
            .map(|c| fields.get(c.index).map_or("", |s| s.trim()));
        let column = match &self.time {
            Some(tc) => format!("{} + {}", date_col.name, tc.name),
            None => date_col.name.clone(),
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
        let Some(local) = parse_local(date, time, &self.formats, t.excel_serial) else {
            let mut forms: Vec<String> = self.formats.iter().map(|f| format!("`{f}`")).collect();
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
