//! JSON sources, streaming: NDJSON (one object per line), a JSON array of objects, and GeoJSON
//! FeatureCollections. A record's row number is its line in NDJSON and its position (1 for the
//! first element or feature) in an array, whose elements may share a line; errors name lines. A byte scanner finds where each element starts and ends (strings,
//! escapes and nesting respected) without parsing the document as a whole, so memory stays
//! bounded by the largest element ([`MAX_ROW_BYTES`]); each element is then parsed alone. An
//! element's verbatim text is kept for lineage; its fields are the values of the header's keys.

use std::io::{BufRead, Read};

use serde_json::{Map, Value};

use crate::IngestError;
use crate::reader::{MAX_ROW_BYTES, RawRow};

mod fields;
mod scanner;

pub use fields::{GEOJSON_ID, GEOJSON_LAT, GEOJSON_LON, fields_of, keys_of, parse_object, text_of};
use scanner::Scanner;

/// How the elements are laid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Layout {
    /// Not looked at yet.
    Unknown,
    /// One object per line.
    Lines,
    /// Inside a top-level array (of objects, or of GeoJSON features).
    Array { first: bool },
    /// After the array or at the end of the input.
    Done,
}

/// One element as read: where it starts, its text, and the parsed object (or why not).
pub struct JsonElement {
    /// Its row number: its line (NDJSON) or its position in the array.
    pub row: u64,
    /// Its verbatim text.
    pub text: String,
    /// The object, or why the element is not one.
    pub object: Result<Map<String, Value>, String>,
}

/// The elements of a JSON, NDJSON or GeoJSON file, one at a time.
pub struct JsonRows<R: BufRead> {
    scan: Scanner<R>,
    layout: Layout,
    geojson: bool,
    header: Vec<String>,
    /// Elements of the array read so far.
    count: u64,
}

impl<R: BufRead> JsonRows<R> {
    /// A reader of `src` (named `file` in errors); `geojson` for a FeatureCollection. Rows are
    /// given as the values of `header`'s keys.
    pub fn new(src: R, file: &str, geojson: bool, header: Vec<String>) -> Self {
        Self {
            scan: Scanner {
                src,
                file: file.into(),
                format: if geojson { "geojson" } else { "json" },
                line: 1,
            },
            layout: Layout::Unknown,
            geojson,
            header,
            count: 0,
        }
    }

    /// The next record as a row of the header's values.
    pub fn next_row(&mut self) -> Result<Option<RawRow>, IngestError> {
        let Some(el) = self.next_element()? else {
            return Ok(None);
        };
        Ok(Some(match el.object {
            Ok(obj) => RawRow::new(el.row, el.text, fields_of(&obj, &self.header, self.geojson)),
            Err(fault) => RawRow {
                row: el.row,
                text: el.text,
                fields: Vec::new(),
                fault: Some(fault),
            },
        }))
    }

    /// The next element, parsed.
    pub fn next_element(&mut self) -> Result<Option<JsonElement>, IngestError> {
        if self.layout == Layout::Unknown {
            self.start()?;
        }
        match self.layout {
            Layout::Lines => self.next_line(),
            Layout::Array { first } => self.next_in_array(first),
            Layout::Unknown | Layout::Done => Ok(None),
        }
    }

    fn start(&mut self) -> Result<(), IngestError> {
        // A UTF-8 byte-order mark is dropped.
        if self.scan.peek()? == Some(0xEF) {
            for want in [0xEF, 0xBB, 0xBF] {
                if self.scan.bump()? != Some(want) {
                    return Err(self.scan.malformed("expected JSON text (UTF-8)"));
                }
            }
        }
        let first = self.scan.skip_ws()?;
        self.layout = match (self.geojson, first) {
            (_, None) => Layout::Done,
            (true, Some(b'{')) => {
                self.seek_features()?;
                Layout::Array { first: true }
            }
            (true, Some(_)) => {
                return Err(self
                    .scan
                    .malformed("expected a GeoJSON FeatureCollection object `{`"));
            }
            (false, Some(b'[')) => {
                self.scan.bump()?;
                Layout::Array { first: true }
            }
            (false, Some(b'{')) => Layout::Lines,
            (false, Some(b)) => {
                return Err(self.scan.malformed(format!(
                    "expected an array `[` of objects or one object `{{` per line, found `{}`",
                    char::from(b).escape_default()
                )));
            }
        };
        Ok(())
    }

    /// Walk the FeatureCollection's members up to the `features` array (other members are
    /// skipped without being kept).
    fn seek_features(&mut self) -> Result<(), IngestError> {
        self.scan.expect(b'{', "`{`")?;
        loop {
            if self.scan.skip_ws()? == Some(b'}') {
                return Err(self
                    .scan
                    .malformed("no `features` array: expected a GeoJSON FeatureCollection"));
            }
            let key = self.scan.key()?;
            self.scan.expect(b':', "`:` after a key")?;
            if key == "features" {
                return self.scan.expect(b'[', "`[` opening the features array");
            }
            let row = self.scan.line;
            if key == "type" {
                let mut bytes = Vec::new();
                self.scan.value(Some(&mut bytes), row)?;
                if bytes != b"\"FeatureCollection\"" {
                    return Err(self.scan.malformed(format!(
                        "expected \"type\": \"FeatureCollection\", found {}",
                        String::from_utf8_lossy(&bytes)
                    )));
                }
            } else {
                self.scan.value(None, row)?;
            }
            match self.scan.skip_ws()? {
                Some(b',') => {
                    self.scan.bump()?;
                }
                Some(b'}') => {}
                _ => return Err(self.scan.malformed("expected `,` or `}` after a member")),
            }
        }
    }

    fn next_in_array(&mut self, first: bool) -> Result<Option<JsonElement>, IngestError> {
        match self.scan.skip_ws()? {
            Some(b']') => {
                self.scan.bump()?;
                self.layout = Layout::Done;
                return Ok(None);
            }
            None => return Err(self.scan.malformed("the file ends before the array's `]`")),
            Some(_) if !first => self.scan.expect(b',', "`,` or `]` after an element")?,
            Some(_) => {}
        }
        if self.scan.skip_ws()?.is_none() {
            return Err(self.scan.malformed("the file ends before the array's `]`"));
        }
        self.layout = Layout::Array { first: false };
        let line = self.scan.line;
        let mut bytes = Vec::new();
        self.scan.value(Some(&mut bytes), line)?;
        self.count += 1;
        Ok(Some(element(self.count, bytes, self.geojson)))
    }

    fn next_line(&mut self) -> Result<Option<JsonElement>, IngestError> {
        loop {
            let row = self.scan.line;
            let mut bytes = Vec::new();
            let n = (&mut self.scan.src)
                .take(MAX_ROW_BYTES as u64 + 1)
                .read_until(b'\n', &mut bytes)
                .map_err(IngestError::io(&self.scan.file))?;
            if n == 0 {
                self.layout = Layout::Done;
                return Ok(None);
            }
            if bytes.len() > MAX_ROW_BYTES {
                return Err(IngestError::RowTooLong {
                    file: self.scan.file.clone(),
                    row,
                    limit: MAX_ROW_BYTES,
                });
            }
            if bytes.last() == Some(&b'\n') {
                self.scan.line += 1;
                bytes.pop();
            }
            if bytes.last() == Some(&b'\r') {
                bytes.pop();
            }
            if bytes.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            return Ok(Some(element(row, bytes, false)));
        }
    }
}

fn element(row: u64, bytes: Vec<u8>, geojson: bool) -> JsonElement {
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let object = parse_object(&text, geojson);
    JsonElement { row, text, object }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(cols: &[&str]) -> Vec<String> {
        cols.iter().map(|c| c.to_string()).collect()
    }

    fn rows(text: &str, geojson: bool, cols: &[&str]) -> Result<Vec<RawRow>, IngestError> {
        let mut r = JsonRows::new(text.as_bytes(), "f.json", geojson, header(cols));
        let mut out = vec![];
        while let Some(row) = r.next_row()? {
            out.push(row);
        }
        Ok(out)
    }

    #[test]
    fn ndjson_lines_keep_their_text_and_line_numbers() {
        let text = "{\"id\":\"E1\",\"cam\":{\"code\":\"C-1\"},\"n\":3.5}\n\n{\"id\":\"E2\",\"n\":null}\r\nnot json\n";
        let got = rows(text, false, &["id", "cam.code", "n"]).unwrap();
        assert_eq!(got.len(), 3);
        assert_eq!(
            (got[0].row, got[0].fields.clone()),
            (1, header(&["E1", "C-1", "3.5"]))
        );
        assert_eq!(
            (got[1].row, got[1].text.as_str()),
            (3, "{\"id\":\"E2\",\"n\":null}")
        );
        assert_eq!(got[1].fields, header(&["E2", "", ""]));
        assert_eq!(got[2].row, 4);
        assert!(
            got[2]
                .fault
                .as_deref()
                .unwrap()
                .starts_with("not valid JSON")
        );
    }

    #[test]
    fn an_array_of_objects_is_split_by_element() {
        let text = "[\n  {\"a\": \"x ] } \\\" y\"},\n  {\"a\": [1, {\"b\": 2}]},\n  7\n]";
        let got = rows(text, false, &["a"]).unwrap();
        assert_eq!(got[0].fields, header(&["x ] } \" y"]));
        assert_eq!(got[1].fields, header(&["[1,{\"b\":2}]"]));
        assert_eq!(got.iter().map(|r| r.row).collect::<Vec<_>>(), [1, 2, 3]);
        assert_eq!(
            got[2].fault.as_deref(),
            Some("expected a JSON object, found a number")
        );
    }

    #[test]
    fn a_truncated_array_is_an_error_naming_the_row() {
        let e = rows("[{\"a\": 1},\n{\"a\": \n", false, &["a"]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "f.json, line 3: not valid json: the file ends inside the value that starts on line 2"
        );
        let e = rows("[{\"a\": 1} {\"a\": 2}]", false, &["a"]).unwrap_err();
        assert!(e.to_string().contains("expected `,` or `]`"), "{e}");
    }

    #[test]
    fn geojson_points_give_virtual_columns() {
        let text = r#"{"type": "FeatureCollection", "name": "x", "crs": {"type": "name", "properties": {"name": "urn"}},
  "features": [
    {"type": "Feature", "id": 7, "geometry": {"type": "Point", "coordinates": [-70.61, -33.42]}, "properties": {"Tipo": "Hurto"}},
    {"type": "Feature", "geometry": null, "properties": {"Tipo": "Robo"}},
    {"type": "Feature", "geometry": {"type": "LineString", "coordinates": []}, "properties": {}}
  ]}"#;
        let got = rows(text, true, &["tipo", "@lon", "@lat", "@id"]).unwrap();
        assert_eq!(got[0].fields, header(&["Hurto", "-70.61", "-33.42", "7"]));
        assert_eq!(got.iter().map(|r| r.row).collect::<Vec<_>>(), [1, 2, 3]);
        assert_eq!(got[1].fields, header(&["Robo", "", "", ""]));
        assert_eq!(got[2].fields[1], "(LineString geometry)");
    }

    #[test]
    fn geojson_that_is_not_a_feature_collection_is_an_error() {
        let e = rows(r#"{"type": "Feature", "features": []}"#, true, &[]).unwrap_err();
        assert!(e.to_string().contains("FeatureCollection"), "{e}");
        let e = rows(r#"{"type": "FeatureCollection"}"#, true, &[]).unwrap_err();
        assert!(e.to_string().contains("no `features` array"), "{e}");
    }
}
