//! The streaming delimited-text reader (CSV, TSV, `;`-separated): decodes the bytes (UTF-8,
//! Windows-1252, a BOM wins) into a bounded window of text and splits records with `csv-core`,
//! keeping each record's verbatim text and the line it starts on. Memory stays bounded by the
//! window and the longest row ([`MAX_ROW_BYTES`]) whatever the file size.

use std::io::Read;

use csv_core::ReadRecordResult;

use crate::IngestError;
use crate::profile::Profile;

/// The longest row accepted, in bytes of UTF-8 text.
pub const MAX_ROW_BYTES: usize = 1 << 20;
const READ_CHUNK: usize = 64 * 1024;

/// One record as read: where it starts, its verbatim text and its fields.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawRow {
    /// The 1-based line the record starts on.
    pub row: u64,
    /// The record's text as decoded, without its line terminator.
    pub text: String,
    /// The fields, unquoted.
    pub fields: Vec<String>,
    /// Why the record could not be split into fields although the reader could go on past it
    /// (an NDJSON line that is not JSON, …): the row is quarantined as `malformed`.
    pub fault: Option<String>,
}

impl RawRow {
    /// A record split into fields.
    pub fn new(row: u64, text: String, fields: Vec<String>) -> Self {
        Self {
            row,
            text,
            fields,
            fault: None,
        }
    }
}

/// Decodes and splits a byte stream into [`RawRow`]s.
pub struct DelimitedReader<R: Read> {
    src: R,
    file: String,
    decoder: encoding_rs::Decoder,
    bytes: Vec<u8>,
    text: String,
    start: usize,
    pos: usize,
    line: u64,
    source_done: bool,
    csv: csv_core::Reader,
    out: Vec<u8>,
    out_len: usize,
    ends: Vec<usize>,
    ends_len: usize,
    finished: bool,
    after_cr: bool,
}

/// Line breaks in `text` as csv-core reads them: `\r\n`, `\r` or `\n`, a `\r\n` split across
/// two calls counting once.
fn count_breaks(text: &str, after_cr: &mut bool) -> u64 {
    let mut n = 0;
    for b in text.bytes() {
        match b {
            b'\n' if *after_cr => *after_cr = false,
            b'\n' => n += 1,
            b'\r' => {
                n += 1;
                *after_cr = true;
            }
            _ => *after_cr = false,
        }
    }
    n
}

impl<R: Read> DelimitedReader<R> {
    /// A reader of `src` (named `file` in errors) laid out as `profile.format` says.
    pub fn new(src: R, file: &str, profile: &Profile) -> Self {
        let csv = csv_core::ReaderBuilder::new()
            .delimiter(profile.delimiter())
            .quote(profile.quote())
            .build();
        Self {
            src,
            file: file.into(),
            // `new_decoder` sniffs a BOM, which then wins over the profile's encoding.
            decoder: profile.encoding().new_decoder(),
            bytes: vec![0; READ_CHUNK],
            text: String::new(),
            start: 0,
            pos: 0,
            line: 0,
            source_done: false,
            csv,
            out: vec![0; 4096],
            out_len: 0,
            ends: vec![0; 64],
            ends_len: 0,
            finished: false,
            after_cr: false,
        }
    }

    /// The next record, `None` at the end of the input.
    pub fn next_row(&mut self) -> Result<Option<RawRow>, IngestError> {
        if self.finished {
            return Ok(None);
        }
        loop {
            // csv-core reads an empty input as the end of the file: only give it one at the end.
            if self.pos == self.text.len() && !self.source_done {
                self.refill()?;
            }
            let input = &self.text.as_bytes()[self.pos..];
            let (res, nin, nout, nend) = self.csv.read_record(
                input,
                &mut self.out[self.out_len..],
                &mut self.ends[self.ends_len..],
            );
            self.pos += nin;
            self.out_len += nout;
            self.ends_len += nend;
            match res {
                ReadRecordResult::InputEmpty => {}
                ReadRecordResult::OutputFull => {
                    if self.out.len() >= MAX_ROW_BYTES {
                        return Err(self.too_long());
                    }
                    self.out.resize(self.out.len() * 2, 0);
                }
                ReadRecordResult::OutputEndsFull => {
                    if self.ends.len() >= MAX_ROW_BYTES {
                        return Err(self.too_long());
                    }
                    self.ends.resize(self.ends.len() * 2, 0);
                }
                ReadRecordResult::Record => return Ok(Some(self.take_record())),
                ReadRecordResult::End => {
                    self.finished = true;
                    return Ok(None);
                }
            }
        }
    }

    fn too_long(&self) -> IngestError {
        IngestError::RowTooLong {
            file: self.file.clone(),
            row: self.line + 1,
            limit: MAX_ROW_BYTES,
        }
    }

    fn take_record(&mut self) -> RawRow {
        let raw = &self.text[self.start..self.pos];
        let body = raw.trim_start_matches(['\r', '\n']);
        let (lead, rest) = raw.split_at(raw.len() - body.len());
        self.line += count_breaks(lead, &mut self.after_cr);
        let row = self.line + 1;
        self.line += count_breaks(rest, &mut self.after_cr);
        let text = body.trim_end_matches(['\r', '\n']).to_string();
        let mut fields = Vec::with_capacity(self.ends_len);
        let mut from = 0;
        for &end in &self.ends[..self.ends_len] {
            fields.push(String::from_utf8_lossy(&self.out[from..end]).into_owned());
            from = end;
        }
        self.start = self.pos;
        self.out_len = 0;
        self.ends_len = 0;
        RawRow::new(row, text, fields)
    }

    /// Drop consumed text and decode the next chunk of bytes.
    fn refill(&mut self) -> Result<(), IngestError> {
        if self.start > 0 {
            self.text.drain(..self.start);
            self.pos -= self.start;
            self.start = 0;
        }
        if self.text.len() > MAX_ROW_BYTES {
            return Err(self.too_long());
        }
        let before = self.text.len();
        while self.text.len() == before && !self.source_done {
            let n =
                read_some(&mut self.src, &mut self.bytes).map_err(IngestError::io(&self.file))?;
            let last = n == 0;
            let mut input = &self.bytes[..n];
            loop {
                let need = self
                    .decoder
                    .max_utf8_buffer_length(input.len())
                    .unwrap_or(input.len() * 3 + 16);
                self.text.reserve(need);
                let (res, read, _) = self.decoder.decode_to_string(input, &mut self.text, last);
                input = &input[read..];
                if res == encoding_rs::CoderResult::InputEmpty {
                    break;
                }
            }
            self.source_done = last;
        }
        Ok(())
    }
}

fn read_some(src: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    loop {
        match src.read(buf) {
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            other => return other,
        }
    }
}

/// Split one verbatim record (as kept in lineage) back into fields, whatever its format.
pub use crate::source::split_record;

#[cfg(test)]
mod tests {
    use super::*;
    use atalaya_model::Taxonomy;

    fn profile(encoding: &str, delimiter: &str) -> Profile {
        let text = format!(
            "[source]\nkind='patrol'\nname='t'\n[format]\nencoding='{encoding}'\ndelimiter='{delimiter}'\n\
             [time]\ndate='f'\nformats=['%Y']\n[category]\ncolumn='c'\n"
        );
        Profile::parse("t", &text, &Taxonomy::standard()).unwrap()
    }

    fn rows(bytes: &[u8], p: &Profile) -> Vec<RawRow> {
        let mut r = DelimitedReader::new(bytes, "f.csv", p);
        let mut out = vec![];
        while let Some(row) = r.next_row().unwrap() {
            out.push(row);
        }
        out
    }

    fn row(row: u64, text: &str, fields: &[&str]) -> RawRow {
        RawRow::new(
            row,
            text.into(),
            fields.iter().map(|s| s.to_string()).collect(),
        )
    }

    #[test]
    fn windows_1252_with_semicolons_quotes_and_blank_lines() {
        let bytes = b"Fecha;Direcci\xf3n\r\n01-03-2024;\"Pe\xf1alol\xe9n; \"\"norte\"\"\"\r\n\r\n02-03-2024;\"dos\nl\xedneas\"\r\n03-03-2024;fin";
        let got = rows(bytes, &profile("windows-1252", ";"));
        assert_eq!(
            got,
            vec![
                row(1, "Fecha;Dirección", &["Fecha", "Dirección"]),
                row(
                    2,
                    "01-03-2024;\"Peñalolén; \"\"norte\"\"\"",
                    &["01-03-2024", "Peñalolén; \"norte\""]
                ),
                row(
                    4,
                    "02-03-2024;\"dos\nlíneas\"",
                    &["02-03-2024", "dos\nlíneas"]
                ),
                row(6, "03-03-2024;fin", &["03-03-2024", "fin"]),
            ]
        );
    }

    #[test]
    fn utf8_bom_is_dropped_and_wins_over_the_profile() {
        let bytes = "\u{feff}a\tb\nñ\tü\n".as_bytes();
        let got = rows(bytes, &profile("windows-1252", "tab"));
        assert_eq!(
            got,
            vec![row(1, "a\tb", &["a", "b"]), row(2, "ñ\tü", &["ñ", "ü"])]
        );
    }

    #[test]
    fn rows_split_across_read_chunks_stay_whole() {
        let mut text = String::from("id,texto\n");
        for i in 0..20_000 {
            text.push_str(&format!("{i},\"fila número {i}, con coma\"\n"));
        }
        let got = rows(text.as_bytes(), &profile("utf-8", ","));
        assert_eq!(got.len(), 20_001);
        assert_eq!(
            got[12_345],
            row(
                12_346,
                "12344,\"fila número 12344, con coma\"",
                &["12344", "fila número 12344, con coma"]
            )
        );
    }

    #[test]
    fn an_unclosed_quote_is_bounded() {
        let mut bytes = b"a,\"".to_vec();
        bytes.extend(std::iter::repeat_n(b'x', MAX_ROW_BYTES + 10));
        let mut r = DelimitedReader::new(&bytes[..], "f.csv", &profile("utf-8", ","));
        assert!(matches!(
            r.next_row(),
            Err(IngestError::RowTooLong { row: 1, .. })
        ));
    }

    #[test]
    fn lone_carriage_returns_end_lines_too() {
        let got = rows(b"a,b\r1,2\r\r\n3,4\n", &profile("utf-8", ","));
        assert_eq!(got.iter().map(|r| r.row).collect::<Vec<_>>(), [1, 2, 4]);
    }

    #[test]
    fn split_record_reads_back_a_verbatim_row() {
        let p = profile("windows-1252", ";");
        assert_eq!(split_record("a;\"b;c\";ñ", &p), vec!["a", "b;c", "ñ"]);
    }
}
