//! Drafting a profile for a file Atalaya has never seen: encoding from the BOM and UTF-8
//! validity, delimiter by frequency, header names → standard fields by Spanish and English
//! synonyms, date forms from samples, coordinate system from value ranges, category names by
//! keywords. The draft is TOML for the analyst to read and adjust, never used unseen.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Read;
use std::path::Path;

use crate::IngestError;
use crate::profile::{FormatKind, FormatSection, Profile};
use crate::reader::DelimitedReader;
use crate::values::parse_number;

mod guess;
mod sample;
mod synonyms;

use guess::{
    ambiguous_day_month, best_column, delimiter_label, delimiter_of_label, guess_category,
    guess_coordinates, guess_date_forms, guess_delimiter, guess_encoding,
};
use synonyms::SYNONYMS;

const SAMPLE_BYTES: u64 = 512 * 1024;
const SAMPLE_ROWS: usize = 500;

/// A drafted profile and what the guesser was unsure of.
#[derive(Clone, Debug)]
pub struct DraftProfile {
    /// The profile as TOML, with comments where the analyst should look.
    pub toml: String,
    /// Things to check, one sentence each (also written as comments at the top of `toml`).
    pub notes: Vec<String>,
}

/// Draft a profile for the file at `path`: the reader from the extension and the first bytes
/// (a zip archive is a workbook, `<gpx` a GPX file, `{`/`[` JSON or GeoJSON), then the columns.
pub fn infer_profile(path: &Path) -> Result<DraftProfile, IngestError> {
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .map_err(IngestError::io(path))?
        .take(SAMPLE_BYTES)
        .read_to_end(&mut bytes)
        .map_err(IngestError::io(path))?;
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "fuente".into());
    let file = path.display().to_string();
    let sample = match crate::source::detect_format(path, &bytes) {
        FormatKind::Csv => return infer_from_bytes(&bytes, &stem, &file),
        FormatKind::Gpx => return Ok(sample::gpx_draft(&stem, &file)),
        FormatKind::Xlsx => sample::sample_xlsx(path, SAMPLE_ROWS)?,
        kind @ (FormatKind::Json | FormatKind::Geojson) => {
            sample::sample_keyed(path, kind, SAMPLE_ROWS)?
        }
    };
    Ok(draft(sample, &stem, &file))
}

/// Draft a profile from the first bytes of a delimited text file.
pub fn infer_from_bytes(bytes: &[u8], name: &str, file: &str) -> Result<DraftProfile, IngestError> {
    let encoding = guess_encoding(bytes);
    let (text, _, _) = encoding_rs::Encoding::for_label(encoding.as_bytes())
        .unwrap_or(encoding_rs::UTF_8)
        .decode(bytes);
    let delimiter = guess_delimiter(&text);
    let format = FormatSection {
        encoding: encoding.into(),
        delimiter: delimiter_label(delimiter),
        ..FormatSection::default()
    };
    let probe = probe_profile(&format);
    let mut reader = DelimitedReader::new(bytes, file, &probe);
    let header: Vec<String> = match reader.next_row()? {
        Some(r) => r.fields.iter().map(|h| h.trim().to_string()).collect(),
        None => return Err(IngestError::NoHeader { file: file.into() }),
    };
    let mut rows: Vec<Vec<String>> = Vec::new();
    // The sample may end mid-row: an error there only shortens the sample.
    while rows.len() < SAMPLE_ROWS {
        match reader.next_row() {
            Ok(Some(r)) if r.fields.len() == header.len() => rows.push(r.fields),
            Ok(Some(_)) => {}
            Ok(None) | Err(_) => break,
        }
    }
    Ok(draft(
        Sample {
            format,
            header,
            rows,
        },
        name,
        file,
    ))
}

/// What drafting looks at: the reader's settings, the columns and the first rows.
pub(crate) struct Sample {
    pub format: FormatSection,
    pub header: Vec<String>,
    /// Rows as wide as the header.
    pub rows: Vec<Vec<String>>,
}

fn draft(sample: Sample, name: &str, file: &str) -> DraftProfile {
    let Sample {
        format,
        header,
        rows,
    } = sample;
    let mut notes = Vec::new();
    let delimiter = if format.kind == FormatKind::Csv {
        delimiter_of_label(&format.delimiter)
    } else {
        b','
    };
    let column = |i: usize| {
        rows.iter()
            .map(move |r| r[i].trim())
            .filter(|v| !v.is_empty())
    };

    let mut used = vec![false; header.len()];
    let mut fields: BTreeMap<&str, usize> = BTreeMap::new();
    for (field, synonyms) in SYNONYMS {
        if let Some(i) = best_column(&header, synonyms, &used) {
            used[i] = true;
            fields.insert(field, i);
        }
    }

    let decimal_comma = delimiter != b','
        && (0..header.len()).any(|i| {
            column(i)
                .take(50)
                .any(|v| v.contains(',') && parse_number(v, true).is_some())
        });
    let coords = guess_coordinates(&header, &used, decimal_comma, &column);

    let date_samples: Vec<String> = match (fields.get("date"), fields.get("time")) {
        (Some(&d), Some(&t)) => rows
            .iter()
            .take(100)
            .map(|r| format!("{} {}", r[d].trim(), r[t].trim()))
            .collect(),
        (Some(&d), None) => column(d).take(100).map(str::to_string).collect(),
        _ => Vec::new(),
    };
    let excel = fields.get("date").is_some_and(|&d| {
        let mut vals = column(d).take(100).peekable();
        vals.peek().is_some()
            && vals
                .all(|v| parse_number(v, true).is_some_and(|n| (20_000.0..80_000.0).contains(&n)))
    });
    let formats = if excel {
        Vec::new()
    } else {
        guess_date_forms(&date_samples)
    };

    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Profile drafted by `atalaya profile infer` for {file}."
    );
    let _ = writeln!(
        out,
        "# Check every line marked TODO, then: atalaya profile check {file} --profile THIS_FILE.toml"
    );
    if !fields.contains_key("date") {
        notes.push("no date column recognised: set [time] date".into());
    }
    if !excel && formats.is_empty() {
        notes.push("no date form parses the samples: set [time] formats".into());
    }
    if !fields.contains_key("category") {
        notes.push("no category column recognised: set [category] column".into());
    }
    if coords.is_none() {
        notes.push("no coordinate columns recognised: add a [location] section or rows will lack a location".into());
    }
    if formats.iter().any(|f| f.starts_with("%m/%d"))
        || ambiguous_day_month(&formats, &date_samples)
    {
        notes.push(
            "dates could be day-first or month-first: day-first was chosen, check [time] formats"
                .into(),
        );
    }
    for n in &notes {
        let _ = writeln!(out, "# TODO: {n}");
    }
    let q = |s: &str| toml::Value::String(s.to_string()).to_string();
    let col = |field: &str| fields.get(field).map(|&i| q(&header[i]));

    let _ = writeln!(out, "\n[source]");
    let _ = writeln!(
        out,
        "kind = \"registry\"  # TODO: patrol, camera, registry or citizen"
    );
    let _ = writeln!(out, "name = {}", q(name));
    let _ = writeln!(out, "description = {}", q(&format!("Drafted from {file}")));
    let _ = writeln!(out, "\n[format]");
    if format.kind == FormatKind::Csv {
        let _ = writeln!(out, "encoding = {}", q(&format.encoding));
        let _ = writeln!(out, "delimiter = {}", q(&delimiter_label(delimiter)));
        let _ = writeln!(out, "decimal_comma = {decimal_comma}");
    } else {
        let _ = writeln!(out, "kind = {}", q(format.kind.as_str()));
        if let Some(sheet) = &format.sheet {
            let _ = writeln!(out, "sheet = {}", q(sheet));
        }
    }
    let _ = writeln!(out, "\n[columns]");
    for field in ["record_id", "description", "address"] {
        match col(field) {
            Some(c) => {
                let _ = writeln!(out, "{field} = {c}");
            }
            None => {
                let _ = writeln!(out, "# {field} = \"\"  # no column recognised");
            }
        }
    }
    if let Some(i) = (0..header.len()).find(|&i| {
        let mut vals = column(i).take(100).peekable();
        vals.peek().is_some() && vals.all(|v| crate::ruc::normalize_ruc(v).is_some())
    }) {
        let _ = writeln!(out, "\n[case_number]");
        let _ = writeln!(out, "column = {}", q(&header[i]));
        let _ = writeln!(
            out,
            "check = \"ruc\"  # RUC: 10 digits, dash, módulo-11 check digit (or \"ruc_format\")"
        );
    }
    let _ = writeln!(out, "\n[time]");
    let _ = writeln!(
        out,
        "date = {}",
        col("date").unwrap_or_else(|| "\"\"  # TODO".into())
    );
    if let Some(t) = col("time") {
        let _ = writeln!(out, "time = {t}");
    }
    let forms: Vec<String> = formats.iter().map(|f| q(f)).collect();
    let _ = writeln!(out, "formats = [{}]", forms.join(", "));
    if excel {
        let _ = writeln!(out, "excel_serial = true");
    }
    let _ = writeln!(out, "zone = \"America/Santiago\"");
    if let Some((crs, x, y)) = coords {
        let _ = writeln!(out, "\n[location]");
        let _ = writeln!(out, "crs = {}", q(crs));
        let _ = writeln!(out, "x = {}", q(&header[x]));
        let _ = writeln!(out, "y = {}", q(&header[y]));
    }
    let _ = writeln!(out, "\n[category]");
    let _ = writeln!(
        out,
        "column = {}",
        col("category").unwrap_or_else(|| "\"\"  # TODO".into())
    );
    let _ = writeln!(out, "\n[category.map]");
    if let Some(&c) = fields.get("category") {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for v in column(c) {
            *counts.entry(v).or_default() += 1;
        }
        let mut values: Vec<(&str, usize)> = counts.into_iter().collect();
        values.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        for (v, n) in values.into_iter().take(60) {
            match guess_category(v) {
                Some(code) => {
                    let _ = writeln!(out, "{} = {}  # {n} in sample", q(v), q(code));
                }
                None => {
                    let _ = writeln!(
                        out,
                        "# {} = \"\"  # TODO: pick a taxonomy code ({n} in sample)",
                        q(v)
                    );
                }
            }
        }
    }
    DraftProfile { toml: out, notes }
}

fn probe_profile(format: &FormatSection) -> Profile {
    Profile {
        source: crate::profile::SourceSection {
            kind: atalaya_model::SourceKind::Registry,
            name: String::new(),
            description: String::new(),
            record: Default::default(),
        },
        format: format.clone(),
        columns: Default::default(),
        time: None,
        location: None,
        category: None,
        case_number: None,
        track: None,
    }
}
