//! Byte-level reading of a JSON source with line counting: where each element starts and ends
//! (strings, escapes and nesting respected), without parsing the document.

use std::io::BufRead;

use crate::IngestError;
use crate::reader::MAX_ROW_BYTES;

/// Byte-level reading with line counting.
pub(super) struct Scanner<R: BufRead> {
    pub(super) src: R,
    pub(super) file: String,
    pub(super) format: &'static str,
    pub(super) line: u64,
}

impl<R: BufRead> Scanner<R> {
    pub(super) fn peek(&mut self) -> Result<Option<u8>, IngestError> {
        loop {
            match self.src.fill_buf() {
                Ok(buf) => return Ok(buf.first().copied()),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(IngestError::io(&self.file)(e)),
            }
        }
    }

    pub(super) fn bump(&mut self) -> Result<Option<u8>, IngestError> {
        let b = self.peek()?;
        if let Some(b) = b {
            self.src.consume(1);
            if b == b'\n' {
                self.line += 1;
            }
        }
        Ok(b)
    }

    /// The next byte that is not JSON whitespace (not consumed).
    pub(super) fn skip_ws(&mut self) -> Result<Option<u8>, IngestError> {
        while let Some(b) = self.peek()? {
            if !matches!(b, b' ' | b'\t' | b'\r' | b'\n') {
                return Ok(Some(b));
            }
            self.bump()?;
        }
        Ok(None)
    }

    pub(super) fn malformed(&self, reason: impl Into<String>) -> IngestError {
        IngestError::malformed(&self.file, Some(self.line), self.format, reason)
    }

    pub(super) fn expect(&mut self, want: u8, what: &str) -> Result<(), IngestError> {
        match self.skip_ws()? {
            Some(b) if b == want => {
                self.bump()?;
                Ok(())
            }
            Some(b) => Err(self.malformed(format!(
                "expected {what}, found `{}`",
                char::from(b).escape_default()
            ))),
            None => Err(self.malformed(format!("expected {what}, found the end of the file"))),
        }
    }

    /// Scan one JSON value starting at the next non-blank byte, appending its bytes to `out`
    /// when given. Nesting is followed by counting brackets outside strings; whether the value
    /// is valid JSON is for the parser to say afterwards.
    pub(super) fn value(
        &mut self,
        mut out: Option<&mut Vec<u8>>,
        started: u64,
    ) -> Result<(), IngestError> {
        let mut depth = 0usize;
        let mut in_string = false;
        let mut escaped = false;
        let first = self.skip_ws()?;
        let scalar = !matches!(first, Some(b'{' | b'[' | b'"'));
        loop {
            let Some(b) = self.peek()? else {
                if scalar && depth == 0 {
                    return Ok(());
                }
                return Err(self.malformed(format!(
                    "the file ends inside the value that starts on line {started}"
                )));
            };
            if scalar && matches!(b, b',' | b']' | b'}' | b' ' | b'\t' | b'\r' | b'\n') {
                return Ok(());
            }
            self.bump()?;
            if let Some(o) = out.as_deref_mut() {
                if o.len() >= MAX_ROW_BYTES {
                    return Err(IngestError::RowTooLong {
                        file: self.file.clone(),
                        row: started,
                        limit: MAX_ROW_BYTES,
                    });
                }
                o.push(b);
            }
            if in_string {
                match (escaped, b) {
                    (true, _) => escaped = false,
                    (false, b'\\') => escaped = true,
                    (false, b'"') => in_string = false,
                    _ => {}
                }
                if !in_string && depth == 0 {
                    return Ok(());
                }
                continue;
            }
            match b {
                b'"' => in_string = true,
                b'{' | b'[' => depth += 1,
                b'}' | b']' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return Ok(());
                    }
                }
                _ => {}
            }
        }
    }

    /// A JSON string key, unescaped.
    pub(super) fn key(&mut self) -> Result<String, IngestError> {
        if self.skip_ws()? != Some(b'"') {
            return Err(self.malformed("expected a quoted key"));
        }
        let row = self.line;
        let mut bytes = Vec::new();
        self.value(Some(&mut bytes), row)?;
        serde_json::from_slice::<String>(&bytes).map_err(|e| self.malformed(e.to_string()))
    }
}
