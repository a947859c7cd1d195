//! Source profiles: how to read one kind of export (encoding, delimiter, columns, date forms,
//! coordinates, category names) into the standard model. Profiles are TOML data; the shipped ones
//! live in `assets/profiles/` and are embedded at compile time. `docs/profiles.md` documents
//! every key.

use std::collections::BTreeMap;
use std::path::Path;

use atalaya_model::{SourceKind, Taxonomy};
use serde::{Deserialize, Serialize};

use crate::IngestError;

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
    /// When the event happened.
    pub time: TimeSection,
    /// Where it happened.
    #[serde(default)]
    pub location: Option<LocationSection>,
    /// What happened.
    pub category: CategorySection,
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
}

/// `[format]`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FormatSection {
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

/// A profile shipped with Atalaya.
#[derive(Clone, Copy, Debug)]
pub struct BuiltinProfile {
    /// Its name (the file stem).
    pub name: &'static str,
    /// Its TOML text.
    pub text: &'static str,
}

/// The profiles in `assets/profiles/`.
pub const BUILTIN: &[BuiltinProfile] = &[
    BuiltinProfile {
        name: "patrullaje_municipal",
        text: include_str!("../../../assets/profiles/patrullaje_municipal.toml"),
    },
    BuiltinProfile {
        name: "camaras_eventos",
        text: include_str!("../../../assets/profiles/camaras_eventos.toml"),
    },
    BuiltinProfile {
        name: "fiscalia_causas",
        text: include_str!("../../../assets/profiles/fiscalia_causas.toml"),
    },
    BuiltinProfile {
        name: "denuncias_ciudadanas",
        text: include_str!("../../../assets/profiles/denuncias_ciudadanas.toml"),
    },
];

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

    /// A built-in profile by name.
    pub fn builtin(name: &str, taxonomy: &Taxonomy) -> Result<Profile, IngestError> {
        let found =
            BUILTIN
                .iter()
                .find(|b| b.name == name)
                .ok_or_else(|| IngestError::UnknownProfile {
                    name: name.into(),
                    known: BUILTIN
                        .iter()
                        .map(|b| b.name)
                        .collect::<Vec<_>>()
                        .join(", "),
                })?;
        Self::parse(found.name, found.text, taxonomy)
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

    /// The time zone of local times.
    pub fn zone(&self) -> chrono_tz::Tz {
        self.time
            .zone
            .parse()
            .unwrap_or(chrono_tz::America::Santiago)
    }

    /// Every column the profile names, with the standard field it feeds.
    pub fn mapped_columns(&self) -> Vec<(&'static str, &str)> {
        let mut out = vec![
            ("time.date", self.time.date.as_str()),
            ("category.column", self.category.column.as_str()),
        ];
        out.extend(self.time.time.as_deref().map(|c| ("time.time", c)));
        if let Some(l) = &self.location {
            out.push(("location.x", l.x.as_str()));
            out.push(("location.y", l.y.as_str()));
        }
        out.extend(
            self.columns
                .record_id
                .as_deref()
                .map(|c| ("columns.record_id", c)),
        );
        out.extend(
            self.columns
                .description
                .as_deref()
                .map(|c| ("columns.description", c)),
        );
        out.extend(
            self.columns
                .address
                .as_deref()
                .map(|c| ("columns.address", c)),
        );
        out
    }

    fn validate(&self, name: &str, taxonomy: &Taxonomy) -> Result<(), IngestError> {
        let f = &self.format;
        if encoding_of(&f.encoding).is_none() {
            return Err(IngestError::value(
                name,
                "format.encoding",
                &f.encoding,
                "utf-8, windows-1252 or latin-1",
            ));
        }
        if delimiter_of(&f.delimiter).is_none() {
            return Err(IngestError::value(
                name,
                "format.delimiter",
                &f.delimiter,
                "one ASCII character, or `tab`",
            ));
        }
        if f.quote.len() != 1 || !f.quote.is_ascii() {
            return Err(IngestError::value(
                name,
                "format.quote",
                &f.quote,
                "one ASCII character",
            ));
        }
        if self.time.formats.is_empty() && !self.time.excel_serial {
            return Err(IngestError::value(
                name,
                "time.formats",
                "[]",
                "at least one format, or excel_serial = true",
            ));
        }
        for fmt in &self.time.formats {
            if chrono::format::StrftimeItems::new(fmt)
                .any(|i| matches!(i, chrono::format::Item::Error))
            {
                return Err(IngestError::value(
                    name,
                    "time.formats",
                    fmt,
                    "a chrono format such as `%d-%m-%Y %H:%M`",
                ));
            }
        }
        if self.time.zone.parse::<chrono_tz::Tz>().is_err() {
            return Err(IngestError::value(
                name,
                "time.zone",
                &self.time.zone,
                "an IANA zone such as America/Santiago",
            ));
        }
        for (text, code) in &self.category.map {
            if taxonomy.category(code).is_none() {
                return Err(IngestError::value(
                    name,
                    &format!("category.map.\"{text}\""),
                    code,
                    "a category code of assets/taxonomy.toml (e.g. dmcs.hurto)",
                ));
            }
        }
        Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_profile_parses_and_validates() {
        let tax = Taxonomy::standard();
        for b in BUILTIN {
            let p = Profile::builtin(b.name, &tax).unwrap_or_else(|e| panic!("{}: {e}", b.name));
            assert!(!p.category.map.is_empty(), "{} maps no categories", b.name);
            let again = Profile::parse(b.name, &p.to_toml(), &tax).unwrap();
            assert_eq!(again, p, "{} round-trips through TOML", b.name);
        }
    }

    #[test]
    fn given_unknown_code_in_map_then_error_names_the_key() {
        let tax = Taxonomy::standard();
        let text = r#"
            [source]
            kind = "patrol"
            name = "x"
            [time]
            date = "f"
            formats = ["%Y-%m-%d"]
            [category]
            column = "c"
            map = { "ROBO" = "dmcs.no_existe" }
        "#;
        let e = Profile::parse("x", text, &tax).unwrap_err().to_string();
        assert_eq!(
            e,
            "profile x: key `category.map.\"ROBO\"` = `dmcs.no_existe` is not valid; expected a category code of assets/taxonomy.toml (e.g. dmcs.hurto)"
        );
    }
}
