//! Reading and standardizing a file's rows on a second thread while the importing thread writes
//! them: decoding, splitting and standardizing (CPU work of their own) overlap SQLite's, and the
//! reader runs at most [`BATCHES_AHEAD`] batches of [`BATCH_ROWS`] rows ahead, so memory stays
//! bounded whatever the file size.
//!
//! The writer decides everything that touches the store (chunks, commits, cancellation): when
//! it stops early it drops its [`ReadAhead`], the reader's next send fails and the reader ends.

use std::io::Read;
use std::path::Path;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread::Scope;

use atalaya_ingest::{IngestError, Rejection, SourceRows, StandardRecord};

use crate::{Error, Result};

/// Rows handed over at a time (one channel message).
const BATCH_ROWS: usize = 256;
/// Batches the reader may hold ready before it waits for the writer.
const BATCHES_AHEAD: usize = 16;

/// One row as read and standardized, ready to write.
pub(crate) struct Prepared {
    /// The line the row starts on.
    pub row: u64,
    /// Its verbatim text (the raw record).
    pub text: String,
    /// The source's own record id for it (also for a rejected row, when it can be read).
    pub key: String,
    /// The standard record, or why the row is refused.
    pub outcome: std::result::Result<StandardRecord, Rejection>,
}

enum Message {
    Rows(Vec<Prepared>),
    Failed(IngestError),
    End,
}

/// The writer's end: rows in file order.
pub(crate) struct ReadAhead {
    from: Receiver<Message>,
    batch: std::vec::IntoIter<Prepared>,
    path: String,
    ended: bool,
}

/// Start reading `rows` on a thread of `scope`, skipping rows up to line `skip_through` (those a
/// resumed import already holds).
pub(crate) fn read_ahead<'scope, R: Read + Send + 'scope>(
    scope: &'scope Scope<'scope, '_>,
    rows: SourceRows<R>,
    skip_through: u64,
    path: &Path,
) -> ReadAhead {
    let (to, from) = sync_channel(BATCHES_AHEAD);
    scope.spawn(move || read(rows, skip_through, &to));
    ReadAhead {
        from,
        batch: Vec::new().into_iter(),
        path: path.display().to_string(),
        ended: false,
    }
}

fn read<R: Read>(mut rows: SourceRows<R>, skip_through: u64, to: &SyncSender<Message>) {
    let mut batch = Vec::with_capacity(BATCH_ROWS);
    let last = loop {
        let raw = match rows.next_raw() {
            Ok(Some(raw)) => raw,
            Ok(None) => break Message::End,
            Err(e) => break Message::Failed(e),
        };
        if raw.row <= skip_through {
            continue;
        }
        let st = rows.standardizer();
        let outcome = st.standardize_raw(&raw);
        let key = st.key_of(&outcome, &raw.fields);
        batch.push(Prepared {
            row: raw.row,
            text: raw.text,
            key,
            outcome,
        });
        if batch.len() == BATCH_ROWS {
            let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH_ROWS));
            if to.send(Message::Rows(full)).is_err() {
                return; // The writer stopped.
            }
        }
    };
    if !batch.is_empty() && to.send(Message::Rows(batch)).is_err() {
        return;
    }
    let _ = to.send(last);
}

impl ReadAhead {
    /// The next row, `None` at the end of the file; a read error as the reader met it.
    pub fn next(&mut self) -> Result<Option<Prepared>> {
        loop {
            if let Some(p) = self.batch.next() {
                return Ok(Some(p));
            }
            if self.ended {
                return Ok(None);
            }
            match self.from.recv() {
                Ok(Message::Rows(rows)) => self.batch = rows.into_iter(),
                Ok(Message::End) => self.ended = true,
                Ok(Message::Failed(e)) => return Err(e.into()),
                // Never the end of the file: the reader stopped without saying so (it panicked,
                // and the scope re-raises that); nothing may be taken for complete.
                Err(_) => {
                    return Err(Error::Io {
                        action: "read the rows of",
                        path: self.path.clone().into(),
                        source: std::io::Error::other("the reading thread stopped"),
                    });
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The demo's patrol export (several channel-fulls of rows) and its profile.
    fn patrol_file(dir: &Path) -> (std::path::PathBuf, atalaya_ingest::Profile) {
        let config = crate::DemoConfig {
            seed: 3,
            incidents: 15_000,
            ..crate::DemoConfig::default()
        };
        let summary = crate::demo::write_demo_sources(&config, dir).unwrap();
        let taxonomy = atalaya_model::Taxonomy::standard();
        let profile = atalaya_ingest::Profile::builtin("patrullaje_municipal", &taxonomy).unwrap();
        (summary.files[0].0.clone(), profile)
    }

    fn open(path: &Path, profile: &atalaya_ingest::Profile) -> SourceRows<std::fs::File> {
        atalaya_ingest::open_file(path, profile, &atalaya_model::Taxonomy::standard()).unwrap()
    }

    #[test]
    fn given_a_file_when_read_ahead_then_it_gives_the_rows_as_read_in_order_after_the_skip() {
        let dir = tempfile::tempdir().unwrap();
        let (path, profile) = patrol_file(dir.path());
        let mut direct = Vec::new();
        let mut rows = open(&path, &profile);
        while let Some(raw) = rows.next_raw().unwrap() {
            let st = rows.standardizer();
            direct.push((raw.row, raw.text.clone(), st.standardize_raw(&raw).is_ok()));
        }
        assert!(
            direct.len() > 2 * BATCH_ROWS * BATCHES_AHEAD,
            "{}",
            direct.len()
        );
        let skip_through = direct[1000].0;

        let ahead: Vec<_> = std::thread::scope(|scope| {
            let mut ahead = read_ahead(scope, open(&path, &profile), skip_through, &path);
            let mut out = Vec::new();
            while let Some(p) = ahead.next().unwrap() {
                out.push((p.row, p.text, p.outcome.is_ok()));
            }
            assert!(ahead.next().unwrap().is_none(), "stays at the end");
            out
        });
        assert_eq!(ahead.as_slice(), &direct[1001..]);
    }

    #[test]
    fn given_the_writer_stops_early_then_the_reader_ends_too() {
        let dir = tempfile::tempdir().unwrap();
        let (path, profile) = patrol_file(dir.path());
        // The scope returns only once the reader has ended: were it left waiting on a full
        // channel, this test would hang.
        let first = std::thread::scope(|scope| {
            let mut ahead = read_ahead(scope, open(&path, &profile), 0, &path);
            ahead.next().unwrap().unwrap().row
        });
        assert_eq!(first, 2, "the first row after the header");
    }
}
