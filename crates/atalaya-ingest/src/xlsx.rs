//! Excel workbooks (`.xlsx`) with `calamine`, streaming: the sheet's cells are read in XML order
//! by calamine's cell reader (the sheet is never loaded whole; the workbook's shared-strings
//! table and styles are, as the format requires). The reader runs on its own thread because
//! calamine's cell reader borrows the workbook; rows cross a bounded channel, so memory stays
//! bounded whatever the sheet's size, and a fault inside calamine ends the file with an error,
//! never a panic of the caller.
//!
//! Cells become text: numbers as written (`45352.885416666664`), date-typed cells in ISO form
//! (`2024-03-01 21:15:00`, a date alone `2024-03-01`, a time alone `21:15:00`; 1900 and 1904
//! date systems, the 1900-02-29 that Excel invents reads as that impossible date so the row is
//! quarantined), booleans `true`/`false`, errors as Excel shows them (`#DIV/0!`). A row's
//! verbatim text (lineage) is its cells as a JSON array of strings.

use std::io::{Read, Seek};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread::JoinHandle;

use calamine::{DataRef, Reader, Xlsx};

use crate::IngestError;
use crate::reader::{MAX_ROW_BYTES, RawRow};

/// The widest row accepted (Excel's own limit).
pub const MAX_COLUMNS: usize = 16_384;
/// Rows in flight between the reading thread and the caller.
const CHANNEL_ROWS: usize = 256;

type Message = Result<RawRow, IngestError>;

/// The rows of one sheet.
pub struct XlsxRows {
    rx: Receiver<Message>,
    handle: Option<JoinHandle<()>>,
    file: String,
    done: bool,
}

impl XlsxRows {
    /// Start reading `sheet` (the first when `None`) of the workbook `src`, named `file` in
    /// errors.
    pub fn open<RS>(src: RS, file: &str, sheet: Option<String>) -> Self
    where
        RS: Read + Seek + Send + 'static,
    {
        let (tx, rx) = sync_channel(CHANNEL_ROWS);
        let name = file.to_string();
        let handle = std::thread::Builder::new()
            .name("xlsx-reader".into())
            .spawn(move || {
                if let Err(e) = read_sheet(src, &name, sheet.as_deref(), &tx) {
                    let _ = tx.send(Err(e));
                }
            })
            .ok();
        Self {
            rx,
            handle,
            file: file.into(),
            done: false,
        }
    }

    /// The next non-empty row, `None` after the last.
    pub fn next_row(&mut self) -> Result<Option<RawRow>, IngestError> {
        if self.done {
            return Ok(None);
        }
        match self.rx.recv() {
            Ok(Ok(row)) => Ok(Some(row)),
            Ok(Err(e)) => {
                self.done = true;
                Err(e)
            }
            Err(_) => {
                // The thread ended: normally after the last row; a panic inside calamine (or a
                // thread that could not start) is a workbook we cannot read.
                self.done = true;
                let clean = self.handle.take().is_some_and(|h| h.join().is_ok());
                if clean {
                    Ok(None)
                } else {
                    Err(IngestError::malformed(
                        &self.file,
                        None,
                        "xlsx",
                        "the workbook could not be read (its contents are damaged)",
                    ))
                }
            }
        }
    }
}

fn read_sheet<RS: Read + Seek>(
    src: RS,
    file: &str,
    sheet: Option<&str>,
    tx: &SyncSender<Message>,
) -> Result<(), IngestError> {
    let bad = |row: Option<u64>, reason: String| IngestError::malformed(file, row, "xlsx", reason);
    let mut book: Xlsx<RS> =
        Xlsx::new(src).map_err(|e| bad(None, format!("not an Excel workbook: {e}")))?;
    let names = book.sheet_names();
    let name = match sheet {
        Some(s) => names
            .iter()
            .find(|n| n.as_str() == s)
            .cloned()
            .ok_or_else(|| {
                bad(
                    None,
                    format!("no sheet named `{s}`; the sheets are: {}", names.join(", ")),
                )
            })?,
        None => names
            .first()
            .cloned()
            .ok_or_else(|| bad(None, "the workbook has no sheet".into()))?,
    };
    let mut cells = book
        .worksheet_cells_reader(&name)
        .map_err(|e| bad(None, format!("sheet `{name}`: {e}")))?;
    let mut current: Option<u32> = None;
    let mut fields: Vec<String> = Vec::new();
    let mut last_sent = 0u64;
    loop {
        let cell = cells.next_cell().map_err(|e| {
            bad(
                Some(current.map_or(last_sent, |r| u64::from(r) + 1)),
                e.to_string(),
            )
        })?;
        let Some(cell) = cell else { break };
        let (r, c) = cell.get_position();
        if current != Some(r) {
            if let Some(prev) = current
                && !send_row(prev, &mut fields, file, &mut last_sent, tx)?
            {
                return Ok(());
            }
            if u64::from(r) < last_sent {
                return Err(bad(
                    Some(u64::from(r) + 1),
                    format!("row {} comes after row {last_sent}", u64::from(r) + 1),
                ));
            }
            current = Some(r);
        }
        let c = c as usize;
        if c >= MAX_COLUMNS {
            return Err(bad(
                Some(u64::from(r) + 1),
                format!("a cell beyond column {MAX_COLUMNS}"),
            ));
        }
        if fields.len() <= c {
            fields.resize(c + 1, String::new());
        }
        fields[c] = cell_text(cell.get_value());
    }
    if let Some(prev) = current {
        send_row(prev, &mut fields, file, &mut last_sent, tx)?;
    }
    Ok(())
}

/// Send a finished row (skipping rows whose cells are all empty); `false` once the caller has
/// stopped listening.
fn send_row(
    r: u32,
    fields: &mut Vec<String>,
    file: &str,
    last_sent: &mut u64,
    tx: &SyncSender<Message>,
) -> Result<bool, IngestError> {
    let row = u64::from(r) + 1;
    let cells = std::mem::take(fields);
    if cells.iter().all(|f| f.trim().is_empty()) {
        return Ok(true);
    }
    let text = serde_json::to_string(&cells).unwrap_or_default();
    if text.len() > MAX_ROW_BYTES {
        return Err(IngestError::RowTooLong {
            file: file.into(),
            row,
            limit: MAX_ROW_BYTES,
        });
    }
    *last_sent = row;
    Ok(tx.send(Ok(RawRow::new(row, text, cells))).is_ok())
}

/// A cell as text (see the module docs).
fn cell_text(v: &DataRef<'_>) -> String {
    match v {
        DataRef::Empty => String::new(),
        DataRef::String(s) => s.clone(),
        DataRef::SharedString(s) => (*s).to_string(),
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) => number_text(*f),
        DataRef::Bool(b) => b.to_string(),
        DataRef::DateTime(d) if d.is_datetime() => {
            let (y, mo, da, h, mi, s, ms) = d.to_ymd_hms_milli();
            date_text(d.as_f64(), (y, mo, da), (h, mi, s, ms))
        }
        DataRef::DateTime(d) => number_text(d.as_f64()),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
        DataRef::Error(e) => e.to_string(),
    }
}

/// A number as Excel shows it in General format, without a trailing `.0`.
pub fn number_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        f.to_string()
    }
}

/// A date-typed serial as ISO text: a time alone below 1, a date alone when there is no time
/// of day, both otherwise (milliseconds rounded to the second).
fn date_text(serial: f64, (y, mo, d): (u16, u8, u8), (h, mi, s, ms): (u8, u8, u8, u16)) -> String {
    let secs = u32::from(h) * 3600 + u32::from(mi) * 60 + u32::from(s) + u32::from(ms >= 500);
    let date = format!("{y:04}-{mo:02}-{d:02}");
    let time = |secs: u32| {
        format!(
            "{:02}:{:02}:{:02}",
            secs / 3600 % 24,
            secs / 60 % 60,
            secs % 60
        )
    };
    if (0.0..1.0).contains(&serial) {
        time(secs)
    } else if secs == 0 {
        date
    } else if secs >= 86_400 {
        // Rounding reached midnight: the next day.
        chrono::NaiveDate::from_ymd_opt(i32::from(y), u32::from(mo), u32::from(d))
            .and_then(|d| d.succ_opt())
            .map_or(date, |n| n.format("%Y-%m-%d").to_string())
    } else {
        format!("{date} {}", time(secs))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_excel_shows_them() {
        assert_eq!(number_text(45352.0), "45352");
        assert_eq!(number_text(-70.6127), "-70.6127");
        assert_eq!(number_text(45352.885416666664), "45352.885416666664");
    }

    #[test]
    fn dates_times_and_rounding() {
        assert_eq!(
            date_text(45352.885, (2024, 3, 1), (21, 14, 59, 600)),
            "2024-03-01 21:15:00"
        );
        assert_eq!(date_text(45352.0, (2024, 3, 1), (0, 0, 0, 0)), "2024-03-01");
        assert_eq!(date_text(0.885, (1899, 12, 31), (21, 15, 0, 0)), "21:15:00");
        assert_eq!(
            date_text(45352.99999, (2024, 3, 1), (23, 59, 59, 900)),
            "2024-03-02"
        );
    }
}
