//! Source profiles: how to read one kind of export (encoding, delimiter, columns, date forms,
//! coordinates, category names) into the standard model. Profiles are TOML data; the shipped ones
//! live in `assets/profiles/` and are embedded at compile time. `docs/profiles.md` documents
//! every key.

use std::collections::BTreeMap;
use std::path::Path;

use atalaya_model::{SourceKind, Taxonomy};
use serde::{Deserialize, Serialize};

use crate::IngestError;

mod builtin;
mod validate;

pub use builtin::{BUILTIN, BuiltinProfile};

/// A complete profile.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// Which source the rows come from.
    pub source: SourceSection,
    /// How the bytes are laid out.
    #[serde(default)]
    pub format: FormatSection,
    /// Plain columns: record id, description, address.
    #[serde(default)]
    pub columns: ColumnsSection,
    /// When the event happened (required for incidents and registry records).
    #[serde(default)]
    pub time: Option<TimeSection>,
    /// Where it happened.
    #[serde(default)]
    pub location: Option<LocationSection>,
    /// What happened (required for incidents and registry records).
    #[serde(default)]
    pub category: Option<CategorySection>,
    /// The institution's case number and how to check it (registry exports).
    #[serde(default)]
    pub case_number: Option<CaseNumberSection>,
    /// How to read patrol tracks (`record = "patrol_track"`).
    #[serde(default)]
    pub track: Option<TrackSection>,
}

/// What kind of record each row becomes, i.e. which table the importer writes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    /// An `incident` (the default).
    #[default]
    Incident,
    /// A `patrol_track`: a unit's timed line (GPX `<trk>`).
    PatrolTrack,
    /// A `registry_record`: an institution's case (number, date, category text).
    RegistryRecord,
}

impl RecordKind {
    /// The store table rows of this kind are written to.
    pub fn table(self) -> &'static str {
        match self {
            Self::Incident => "incident",
            Self::PatrolTrack => "patrol_track",
            Self::RegistryRecord => "registry_record",
        }
    }
}

/// Which reader splits the file into rows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FormatKind {
    /// Delimited text: CSV, TSV, `;`-separated (the default).
    #[default]
    #[serde(alias = "tsv", alias = "delimited")]
    Csv,
    /// An Excel workbook (`.xlsx`): one sheet, a header row, one row per spreadsheet row.
    Xlsx,
    /// A GeoJSON FeatureCollection: one row per feature; properties are columns, and a Point
    /// geometry gives the virtual columns `@lon` and `@lat` (`@id` is the feature's id).
    Geojson,
    /// GPX: one row per `<trk>`, with the virtual columns of [`crate::gpx::GPX_HEADER`].
    Gpx,
    /// JSON: an array of objects, or one object per line (NDJSON); keys are columns, nested
    /// keys are reached as `a.b`.
    #[serde(alias = "ndjson", alias = "jsonl")]
    Json,
}

impl FormatKind {
    /// Whether rows are objects whose columns are named by key (no header row): the header
    /// is then the list of columns the profile maps.
    pub fn is_keyed(self) -> bool {
        matches!(self, Self::Geojson | Self::Json)
    }

    /// The reader for a file name's extension, if the extension says.
    pub fn from_extension(path: &Path) -> Option<Self> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "csv" | "tsv" | "txt" => Self::Csv,
            "xlsx" | "xlsm" => Self::Xlsx,
            "geojson" => Self::Geojson,
            "gpx" => Self::Gpx,
            "json" | "ndjson" | "jsonl" => Self::Json,
            _ => return None,
        })
    }

    /// The name used in messages and profiles.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::Xlsx => "xlsx",
            Self::Geojson => "geojson",
            Self::Gpx => "gpx",
            Self::Json => "json",
        }
    }
}

/// How a case number is checked.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseNumberCheck {
    /// A RUC of the Ministerio Público: 10 digits, a dash and a modulo-11 check digit
    /// (see [`crate::ruc`]).
    #[default]
    Ruc,
    /// The RUC's shape only (10 digits, dash, a digit or K), not its check digit.
    RucFormat,
    /// Any non-empty text.
    None,
}

/// `[case_number]`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseNumberSection {
    /// Column with the case number.
    pub column: String,
    /// How to check it: `ruc` (default), `ruc_format` or `none`.
    #[serde(default)]
    pub check: CaseNumberCheck,
    /// The institution for registry records (default: the source name).
    #[serde(default)]
    pub institution: Option<String>,
}

/// `[track]`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrackSection {
    /// Column with the unit's code (GPX: `name`, the `<trk><name>`).
    #[serde(default = "default_unit")]
    pub unit: String,
    /// Column with the points, as the GPX reader gives them (GPX: `points`).
    #[serde(default = "default_points")]
    pub points: String,
}

impl Default for TrackSection {
    fn default() -> Self {
        Self {
            unit: default_unit(),
            points: default_points(),
        }
    }
}

fn default_unit() -> String {
    "name".into()
}

fn default_points() -> String {
    "points".into()
}

/// `[source]`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceSection {
    /// `patrol`, `camera`, `registry`, `citizen`, `field`.
    pub kind: SourceKind,
    /// The source's display name (one source row per name in the store).
    pub name: String,
    /// A sentence for `atalaya profile list`.
    #[serde(default)]
    pub description: String,
    /// What each row becomes: `incident` (default), `patrol_track` or `registry_record`.
    #[serde(default)]
    pub record: RecordKind,
}

/// `[format]`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FormatSection {
    /// The reader: `csv` (default; also TSV), `xlsx`, `geojson`, `gpx` or `json` (array or
    /// NDJSON).
    pub kind: FormatKind,
    /// The sheet of an `xlsx` workbook (default: the first).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// A WHATWG encoding label: `utf-8`, `windows-1252`, `latin-1`, … A byte-order mark in the
    /// file always wins.
    pub encoding: String,
    /// One ASCII character; `tab` or `\t` for TSV.
    pub delimiter: String,
    /// The quote character.
    pub quote: String,
    /// Numbers use a decimal comma (`-33,4351`); a `.` is then a thousands separator.
    pub decimal_comma: bool,
    /// The first row (after `skip_rows`) holds column names. Without a header, columns are named
    /// `c1`, `c2`, ….
    pub header: bool,
    /// Rows to skip before the header (titles some exports put on top).
    pub skip_rows: u64,
}

impl Default for FormatSection {
    fn default() -> Self {
        Self {
            kind: FormatKind::Csv,
            sheet: None,
            encoding: "utf-8".into(),
            delimiter: ",".into(),
            quote: "\"".into(),
            decimal_comma: false,
            header: true,
            skip_rows: 0,
        }
    }
}

/// `[columns]`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnsSection {
    /// The source's own id for the record (updates in later exports are matched on it).
    #[serde(default)]
    pub record_id: Option<String>,
    /// Free-text description.
    #[serde(default)]
    pub description: Option<String>,
    /// Street address as written.
    #[serde(default)]
    pub address: Option<String>,
}

/// What to do with a local time that occurs twice (the hour repeated when DST ends).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AmbiguousTime {
    /// The first occurrence (still on summer time).
    #[default]
    Earlier,
    /// The second occurrence (already on winter time).
    Later,
    /// Quarantine the row.
    Reject,
}

/// What to do with a local time that does not exist (the hour skipped when DST starts).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NonexistentTime {
    /// Read the wall clock as if it had not been moved yet: 00:30 becomes 01:30 summer time.
    #[default]
    Forward,
    /// Quarantine the row.
    Reject,
}

/// `[time]`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimeSection {
    /// Column with the date (or date and time).
    pub date: String,
    /// Column with the time of day, when the export splits it from the date.
    #[serde(default)]
    pub time: Option<String>,
    /// `chrono` formats tried in order on `date` (or `date + " " + time`). A format without a
    /// time of day reads as local midnight.
    pub formats: Vec<String>,
    /// Also accept Excel serial numbers (days since 1899-12-30, fraction = time of day).
    #[serde(default)]
    pub excel_serial: bool,
    /// IANA zone of the local times.
    #[serde(default = "default_zone")]
    pub zone: String,
    /// Local times repeated when DST ends.
    #[serde(default)]
    pub ambiguous: AmbiguousTime,
    /// Local times skipped when DST starts.
    #[serde(default)]
    pub nonexistent: NonexistentTime,
}

fn default_zone() -> String {
    "America/Santiago".into()
}

/// Coordinate reference systems a profile can name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Crs {
    /// WGS84 longitude/latitude in degrees.
    #[serde(rename = "EPSG:4326", alias = "wgs84", alias = "WGS84")]
    Wgs84,
    /// UTM zone 19 south (WGS84), easting/northing in metres.
    #[serde(rename = "EPSG:32719", alias = "utm19s", alias = "UTM19S")]
    Utm19S,
}

/// `[location]`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LocationSection {
    /// `EPSG:4326` (lon/lat) or `EPSG:32719` (UTM 19S easting/northing).
    pub crs: Crs,
    /// Column with longitude or easting.
    pub x: String,
    /// Column with latitude or northing.
    pub y: String,
    /// Accuracy to record, in metres.
    #[serde(default)]
    pub accuracy_m: Option<f64>,
    /// Quarantine rows without a usable location (default true).
    #[serde(default = "yes")]
    pub required: bool,
}

fn yes() -> bool {
    true
}

/// `[category]`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CategorySection {
    /// Column with the source's category text.
    pub column: String,
    /// Source text → standard taxonomy code. Matching ignores case, accents and repeated spaces;
    /// a value that already is a taxonomy code maps to itself.
    #[serde(default)]
    pub map: BTreeMap<String, String>,
}

impl Profile {
    /// Parse and validate a profile; `name` is used in error messages.
    pub fn parse(name: &str, text: &str, taxonomy: &Taxonomy) -> Result<Profile, IngestError> {
        let profile: Profile = toml::from_str(text).map_err(|e| IngestError::ProfileSyntax {
            profile: name.into(),
            reason: e.to_string(),
        })?;
        profile.validate(name, taxonomy)?;
        Ok(profile)
    }

    /// A profile from a TOML file.
    pub fn load(path: &Path, taxonomy: &Taxonomy) -> Result<Profile, IngestError> {
        let text = std::fs::read_to_string(path).map_err(IngestError::io(path))?;
        Self::parse(&path.display().to_string(), &text, taxonomy)
    }

    /// The TOML text of this profile (stored with each import batch for lineage).
    pub fn to_toml(&self) -> String {
        // Serializing plain structs of strings, numbers and maps cannot fail.
        toml::to_string(self).unwrap_or_default()
    }

    /// The encoding to decode the file with (a BOM in the file overrides it).
    pub fn encoding(&self) -> &'static encoding_rs::Encoding {
        encoding_of(&self.format.encoding).unwrap_or(encoding_rs::UTF_8)
    }

    /// The delimiter byte.
    pub fn delimiter(&self) -> u8 {
        delimiter_of(&self.format.delimiter).unwrap_or(b',')
    }

    /// The quote byte.
    pub fn quote(&self) -> u8 {
        self.format.quote.bytes().next().unwrap_or(b'"')
    }

    /// The time zone of local times (America/Santiago when the profile has no `[time]`).
    pub fn zone(&self) -> chrono_tz::Tz {
        self.time
            .as_ref()
            .and_then(|t| t.zone.parse().ok())
            .unwrap_or(chrono_tz::America::Santiago)
    }

    /// The `[track]` section, defaults filled in.
    pub fn track_section(&self) -> TrackSection {
        self.track.clone().unwrap_or_default()
    }

    /// Every column the profile names, with the standard field it feeds.
    pub fn mapped_columns(&self) -> Vec<(&'static str, &str)> {
        let mut out = Vec::new();
        if let Some(t) = &self.time {
            out.push(("time.date", t.date.as_str()));
        }
        if let Some(c) = &self.category {
            out.push(("category.column", c.column.as_str()));
        }
        if let Some(t) = &self.time {
            out.extend(t.time.as_deref().map(|c| ("time.time", c)));
        }
        if let Some(l) = &self.location {
            out.push(("location.x", l.x.as_str()));
            out.push(("location.y", l.y.as_str()));
        }
        let c = &self.columns;
        out.extend(c.record_id.as_deref().map(|c| ("columns.record_id", c)));
        out.extend(c.description.as_deref().map(|c| ("columns.description", c)));
        out.extend(c.address.as_deref().map(|c| ("columns.address", c)));
        if let Some(n) = &self.case_number {
            out.push(("case_number.column", n.column.as_str()));
        }
        if self.source.record == RecordKind::PatrolTrack {
            match &self.track {
                Some(t) => {
                    out.push(("track.unit", t.unit.as_str()));
                    out.push(("track.points", t.points.as_str()));
                }
                None => {
                    out.push(("track.unit", "name"));
                    out.push(("track.points", "points"));
                }
            }
        }
        out
    }

    /// The header of a keyed file (JSON, GeoJSON): the columns the profile maps, each once,
    /// in [`Profile::mapped_columns`] order. Rows of such files are read against it.
    pub fn keyed_header(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for (_, c) in self.mapped_columns() {
            if !out.iter().any(|h| h == c) {
                out.push(c.to_string());
            }
        }
        out
    }
}

/// The encoding for a profile's label (`latin-1` is accepted as an alias of `latin1`).
pub fn encoding_of(label: &str) -> Option<&'static encoding_rs::Encoding> {
    let label = label.trim().to_ascii_lowercase();
    let label = if label == "latin-1" {
        "latin1".to_string()
    } else {
        label
    };
    encoding_rs::Encoding::for_label(label.as_bytes())
}

fn delimiter_of(text: &str) -> Option<u8> {
    match text {
        "tab" | "\\t" | "\t" => Some(b'\t'),
        t if t.len() == 1 && t.is_ascii() && t != "\n" && t != "\r" => t.bytes().next(),
        _ => None,
    }
}
