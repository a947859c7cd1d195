//! Watching an import from another thread: progress as it reads, and a way to stop it.
//!
//! A cancelled import stops the way a crash would, only sooner and cleanly: the chunk being
//! written is rolled back, the chunks already committed stay, and the batch's run says where
//! they end — so the store is consistent (whole chunks, balanced counts, `audit verify` passes)
//! and importing the same file again goes on from there.

use std::io::Read;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use atalaya_ingest::FormatKind;
use serde::Serialize;

use crate::{Error, Result};

/// Rows between two progress reports inside a chunk.
pub const PROGRESS_EVERY_ROWS: u64 = 1_000;

/// A flag another thread raises to stop an import between two rows (cheap to clone and check).
#[derive(Clone, Debug, Default)]
pub struct CancelToken(Arc<AtomicBool>);

impl CancelToken {
    /// A token nobody has raised yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Ask the import to stop; it rolls back its current chunk and returns [`Error::Cancelled`].
    pub fn cancel(&self) {
        self.0.store(true, Ordering::Relaxed);
    }

    /// Whether [`CancelToken::cancel`] was called.
    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

/// Where an import is, as reported every [`PROGRESS_EVERY_ROWS`] rows and after every commit.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ImportProgress {
    /// Rows read so far (across resumed runs, like the summary's `read`).
    pub rows_read: u64,
    /// Rows in committed chunks: what the store keeps if the import stops now.
    pub rows_saved: u64,
    /// The line (sheet row, element) of the last row read.
    pub last_row: u64,
    /// Lines in the file, when rows are numbered by line (delimited text), so
    /// `last_row / total_lines` is the fraction done; `None` for other formats.
    pub total_lines: Option<u64>,
    /// Write transactions committed by this run.
    pub chunks: u64,
    /// The last report: the file is in.
    pub done: bool,
}

impl ImportProgress {
    /// The fraction of the file read (0–1), when it can be known.
    pub fn fraction(&self) -> Option<f64> {
        self.total_lines
            .filter(|t| *t > 0)
            .map(|t| (self.last_row as f64 / t as f64).min(1.0))
    }
}

/// What an import run reports to and checks with its caller.
pub(crate) struct Watch<'a> {
    pub cancel: Option<&'a CancelToken>,
    pub report: &'a mut dyn FnMut(&ImportProgress),
    pub progress: ImportProgress,
}

impl Watch<'_> {
    /// `Err(Cancelled)` once the caller asked to stop.
    pub fn check(&self) -> Result<()> {
        match self.cancel {
            Some(c) if c.is_cancelled() => Err(Error::Cancelled),
            _ => Ok(()),
        }
    }

    /// Report the current state.
    pub fn send(&mut self) {
        (self.report)(&self.progress);
    }
}

/// Lines in `path` when the format numbers its rows by line (see [`ImportProgress`]).
pub(crate) fn total_lines(path: &Path, format: FormatKind) -> Option<u64> {
    if format != FormatKind::Csv {
        return None;
    }
    let mut file = std::fs::File::open(path).ok()?;
    let mut buf = vec![0u8; 256 * 1024];
    let (mut lines, mut last) = (0u64, b'\n');
    loop {
        let n = file.read(&mut buf).ok()?;
        if n == 0 {
            break;
        }
        lines += buf[..n].iter().filter(|b| **b == b'\n').count() as u64;
        last = buf[n - 1];
    }
    // A last line without a newline is a line too.
    Some(lines + u64::from(last != b'\n'))
}
