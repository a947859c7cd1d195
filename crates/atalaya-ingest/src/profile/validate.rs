//! Checking a parsed profile before any row is read: the format's encoding, delimiter and
//! quote, the sections its record kind needs, the date forms and zone, and that every category
//! it maps to exists in the taxonomy. Each refusal names the key, the value and what was expected.

use atalaya_model::Taxonomy;

use super::{FormatKind, Profile, RecordKind, TimeSection, delimiter_of, encoding_of};
use crate::IngestError;

impl Profile {
    pub(super) fn validate(&self, name: &str, taxonomy: &Taxonomy) -> Result<(), IngestError> {
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
        self.validate_sections(name)?;
        if let Some(t) = &self.time {
            validate_time(name, t)?;
        }
        for (text, code) in self.category.iter().flat_map(|c| &c.map) {
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

    /// The sections each record kind needs.
    fn validate_sections(&self, name: &str) -> Result<(), IngestError> {
        let missing = |section: &str, why: &str| {
            Err(IngestError::value(
                name,
                section,
                "(missing)",
                format!("a [{section}] section: {why}"),
            ))
        };
        match self.source.record {
            RecordKind::Incident => {
                if self.time.is_none() {
                    return missing("time", "incidents need the column with their date");
                }
                if self.category.is_none() {
                    return missing("category", "incidents need the column with their category");
                }
            }
            RecordKind::RegistryRecord => {
                if self.time.is_none() {
                    return missing("time", "registry records need the date they were recorded");
                }
                if self.case_number.is_none() {
                    return missing("case_number", "registry records need their case number");
                }
            }
            RecordKind::PatrolTrack => {}
        }
        if self.format.sheet.is_some() && self.format.kind != FormatKind::Xlsx {
            return Err(IngestError::value(
                name,
                "format.sheet",
                self.format.sheet.as_deref().unwrap_or_default(),
                "no sheet: only `kind = \"xlsx\"` files have sheets",
            ));
        }
        Ok(())
    }
}

fn validate_time(name: &str, t: &TimeSection) -> Result<(), IngestError> {
    if t.formats.is_empty() && !t.excel_serial {
        return Err(IngestError::value(
            name,
            "time.formats",
            "[]",
            "at least one format, or excel_serial = true",
        ));
    }
    for fmt in &t.formats {
        if chrono::format::StrftimeItems::new(fmt).any(|i| matches!(i, chrono::format::Item::Error))
        {
            return Err(IngestError::value(
                name,
                "time.formats",
                fmt,
                "a chrono format such as `%d-%m-%Y %H:%M`",
            ));
        }
    }
    if t.zone.parse::<chrono_tz::Tz>().is_err() {
        return Err(IngestError::value(
            name,
            "time.zone",
            &t.zone,
            "an IANA zone such as America/Santiago",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

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
