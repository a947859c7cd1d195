//! Importing source files: profile → streaming reader → standardized rows → one audited write
//! path, with every input row kept as a raw record (lineage) and faulty rows in quarantine.
//!
//! # Idempotency
//! A file is identified by its source and the BLAKE3 hash of its bytes (`import_batch` is unique
//! on both). Importing the same file again finds its batch and adds nothing. A *different* file
//! with rows the store already has (same source record id) updates those incidents through
//! `WriteTx::update` when values changed (counted `updated`) or marks the rows `duplicate`.
//!
//! # Crash-resumable chunks
//! A file is written in transactions of [`IMPORT_CHUNK_ROWS`] rows. The first transaction writes
//! the batch row and its `import_run` (profile text, header, `complete = 0`); every transaction
//! writes its rows' raw records and incidents and then brings the batch counts and the run's
//! `last_row` up to date; the last one sets `complete = 1`. SQLite commits each transaction whole
//! or not at all, so after a crash the store holds whole chunks only and the run says where they
//! end. Re-running the import of the same file finds the incomplete batch by its hash, skips rows
//! up to `last_row` (reading them is cheap; nothing is written for them) and finishes the job: the
//! result is exactly the rows of an uninterrupted run — none lost, none doubled. (The batch row
//! cannot be written last, as one might prefer: raw records reference it.)
//!
//! # Two threads
//! Rows are read and standardized on a second thread ([`read_ahead`]), at most a few thousand
//! ahead of the importing thread, which places, deduplicates and writes them; what is committed
//! is decided by the writer alone, so chunks, resume and cancellation are as above.
//!
//! # Record kinds
//! A profile's `source.record` says what each row becomes: an `incident` (placed in its
//! cuadrante and barrio, checked against the comuna), a `patrol_track` or a `registry_record`.
//! All of them are written through `WriteTx` (see `sink.rs`), and every raw record names the
//! table and id its row became.
//!
//! # Row accounting
//! Every row read gets exactly one raw record with one status, so for each file
//! **read = accepted + quarantined + duplicate**, where **accepted = created + updated**.

mod preview;
mod read_ahead;
mod sink;
mod watch;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use atalaya_ingest::{IngestError, Profile};
use atalaya_model::{BatchId, ImportBatch, Source, SourceId};
use atalaya_store::codec;
use atalaya_store::imports::{ImportRunRow, import_run_values};
use atalaya_store::schema::{IMPORT_BATCH, IMPORT_RUN, SOURCE};
use serde::Serialize;

pub use preview::{ImportPreview, PreviewProblem, PreviewRow, PreviewValue, PreviousImport};
pub(crate) use sink::{Applied, Counts, RowSink, location_columns, reason_json, record_row};
pub use watch::{CancelToken, ImportProgress, PROGRESS_EVERY_ROWS};

use crate::{Error, Progress, Result, Workspace};

/// Rows per write transaction.
pub const IMPORT_CHUNK_ROWS: u64 = 50_000;

/// Which profile to read a file with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProfileChoice {
    /// Pick the built-in profile whose columns the file's header has (and say which).
    Auto,
    /// A built-in profile by name.
    Named(String),
    /// A profile TOML file.
    File(PathBuf),
}

impl std::str::FromStr for ProfileChoice {
    type Err = std::convert::Infallible;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(if s == "auto" {
            Self::Auto
        } else if s.ends_with(".toml")
            || s.contains(std::path::MAIN_SEPARATOR)
            || Path::new(s).is_file()
        {
            Self::File(s.into())
        } else {
            Self::Named(s.into())
        })
    }
}

/// Knobs for tests and tools; [`Workspace::import`] uses the defaults.
#[derive(Clone, Debug)]
pub struct ImportOptions {
    /// Rows per transaction.
    pub chunk_rows: u64,
    /// Stop (as a crash would) after committing this many chunks in this run.
    #[doc(hidden)]
    pub stop_after_chunks: Option<u64>,
}

impl Default for ImportOptions {
    fn default() -> Self {
        Self {
            chunk_rows: IMPORT_CHUNK_ROWS,
            stop_after_chunks: None,
        }
    }
}

/// What an import did with one file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ImportSummary {
    /// The file.
    pub file: String,
    /// The profile used.
    pub profile: String,
    /// Whether `auto` picked it.
    pub profile_auto: bool,
    /// The source name.
    pub source: String,
    /// The batch id.
    pub batch_id: String,
    /// BLAKE3 of the file.
    pub content_hash: String,
    /// The file was imported before: nothing was added.
    pub already_imported: bool,
    /// A previous, interrupted run had committed rows up to this line; this run went on from it.
    pub resumed_after_row: Option<u64>,
    /// Rows read (the whole file, across resumed runs).
    pub read: u64,
    /// Rows accepted = created + updated.
    pub accepted: u64,
    /// Rows that created incidents.
    pub created: u64,
    /// Rows that changed existing incidents (same source record id, new values).
    pub updated: u64,
    /// Rows in quarantine.
    pub quarantined: u64,
    /// Rows identical to what the store already had.
    pub duplicate: u64,
    /// Incidents of this file merged into an incident of another source (the same event).
    pub linked: u64,
    /// Pairs with an incident of another source queued for review (`atalaya links review`).
    pub link_queued: u64,
    /// Quarantined rows by reason code (rows read in this run).
    pub by_reason: BTreeMap<String, u64>,
    /// Write transactions committed by this run.
    pub chunks: u64,
    /// Things the analyst should know.
    pub notes: Vec<String>,
}

impl ImportSummary {
    /// The row invariant: read = accepted + quarantined + duplicate, accepted = created + updated.
    pub fn balanced(&self) -> bool {
        self.read == self.accepted + self.quarantined + self.duplicate
            && self.accepted == self.created + self.updated
    }
}

impl Workspace {
    /// Resolve a profile choice for `path`: returns (name, profile, picked automatically).
    pub fn resolve_profile(
        &self,
        path: &Path,
        choice: &ProfileChoice,
    ) -> Result<(String, Profile, bool)> {
        match choice {
            ProfileChoice::Named(name) => {
                Ok((name.clone(), Profile::builtin(name, &self.taxonomy)?, false))
            }
            ProfileChoice::File(p) => {
                let name = p.file_stem().map_or_else(
                    || p.display().to_string(),
                    |s| s.to_string_lossy().into_owned(),
                );
                Ok((name, Profile::load(p, &self.taxonomy)?, false))
            }
            ProfileChoice::Auto => {
                let (name, profile) = crate::profiles::pick_profile(path, &self.taxonomy)?;
                Ok((name, profile, true))
            }
        }
    }

    /// Import one file, or every file of a folder (sorted by name, hidden files skipped).
    pub fn import_paths(
        &mut self,
        paths: &[PathBuf],
        choice: &ProfileChoice,
        progress: Progress<'_>,
    ) -> Result<Vec<ImportSummary>> {
        let mut files = Vec::new();
        for p in paths {
            if p.is_dir() {
                let mut inside: Vec<PathBuf> = std::fs::read_dir(p)
                    .map_err(|source| Error::Io {
                        action: "listing",
                        path: p.clone(),
                        source,
                    })?
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|f| {
                        f.is_file()
                            && !f
                                .file_name()
                                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
                    })
                    .collect();
                inside.sort();
                files.extend(inside);
            } else {
                files.push(p.clone());
            }
        }
        let mut out = Vec::new();
        for f in files {
            out.push(self.import(&f, choice, progress)?);
        }
        Ok(out)
    }

    /// Import one file through the audited write path (see the module docs for the guarantees).
    pub fn import(
        &mut self,
        path: &Path,
        choice: &ProfileChoice,
        progress: Progress<'_>,
    ) -> Result<ImportSummary> {
        self.import_with(path, choice, &ImportOptions::default(), progress)
    }

    /// [`Workspace::import`] with explicit options.
    pub fn import_with(
        &mut self,
        path: &Path,
        choice: &ProfileChoice,
        options: &ImportOptions,
        progress: Progress<'_>,
    ) -> Result<ImportSummary> {
        let mut report = |p: &ImportProgress| progress(p.rows_read, 0);
        let mut watch = watch::Watch {
            cancel: None,
            report: &mut report,
            progress: ImportProgress::default(),
        };
        self.run_import(path, choice, options, &mut watch)
            .and_then(|s| self.link_imported(s))
    }

    /// [`Workspace::import`] watched from another thread: `report` gets an [`ImportProgress`]
    /// every [`PROGRESS_EVERY_ROWS`] rows and after each commit; raising `cancel` stops it
    /// with [`Error::Cancelled`], keeping the chunks already committed (see `watch.rs`).
    pub fn import_watched(
        &mut self,
        path: &Path,
        choice: &ProfileChoice,
        options: &ImportOptions,
        cancel: &CancelToken,
        report: &mut dyn FnMut(&ImportProgress),
    ) -> Result<ImportSummary> {
        let mut watch = watch::Watch {
            cancel: Some(cancel),
            report,
            progress: ImportProgress::default(),
        };
        self.run_import(path, choice, options, &mut watch)
            .and_then(|s| self.link_imported(s))
    }

    fn run_import(
        &mut self,
        path: &Path,
        choice: &ProfileChoice,
        options: &ImportOptions,
        watch: &mut watch::Watch<'_>,
    ) -> Result<ImportSummary> {
        watch.check()?;
        preview::ensure_not_empty(path)?;
        let (profile_name, profile, auto) = self.resolve_profile(path, choice)?;
        let file = path.display().to_string();
        let content_hash = file_hash(path)?;
        let mut summary = ImportSummary {
            file: file.clone(),
            profile: profile_name.clone(),
            profile_auto: auto,
            source: profile.source.name.clone(),
            content_hash: content_hash.clone(),
            ..ImportSummary::default()
        };
        let known_source = self.store.source_id_by_name(&profile.source.name)?;
        let existing = match &known_source {
            Some(s) => self.store.batch_by_hash(s, &content_hash)?,
            None => None,
        };
        let mut counts = Counts::default();
        let mut resume_after = 0;
        let batch_id = match &existing {
            Some(b) if b.run.as_ref().is_none_or(|r| r.complete) => {
                summary.batch_id = BatchId::from_bytes(b.id).to_string();
                summary.already_imported = true;
                let when = atalaya_model::time::format_local(atalaya_model::time::from_unix(
                    b.imported_at,
                ));
                summary.notes.push(format!(
                    "already imported on {when} as batch {} ({} rows read): nothing added",
                    summary.batch_id, b.counts[0]
                ));
                return Ok(summary);
            }
            Some(b) => {
                let run = b.run.clone().unwrap_or(ImportRunRow {
                    profile_name: String::new(),
                    last_row: 0,
                    rows_created: 0,
                    rows_updated: 0,
                    complete: false,
                });
                counts = Counts {
                    read: b.counts[0],
                    created: run.rows_created,
                    updated: run.rows_updated,
                    quarantined: b.counts[2],
                    duplicate: b.counts[3],
                };
                resume_after = run.last_row;
                summary.resumed_after_row = Some(run.last_row);
                b.id
            }
            None => *BatchId::new().as_bytes(),
        };
        summary.batch_id = BatchId::from_bytes(batch_id).to_string();
        let source_id = known_source.unwrap_or(*source_id_for(&profile.source.name).as_bytes());
        let mut rows = atalaya_ingest::open_file(path, &profile, &self.taxonomy)?;
        if rows.standardizer().wants_geocoder() {
            rows.set_geocoder(self.gazetteer()?);
        }
        let areas = self.area_index()?;
        if !areas.has_boundary() {
            summary.notes.push(
                "the store has no comuna boundary: points were not checked or placed in areas"
                    .into(),
            );
        }
        let header = serde_json::to_string(rows.header()).unwrap_or_default();
        let mut sink = RowSink {
            source_id,
            batch_id,
            areas: &areas,
            created_by: None,
            location_columns: sink::location_columns(rows.standardizer()),
            new_source_keys: known_source.is_none().then(Default::default),
        };
        let actor = self.actor.clone();
        let mut first = existing.is_none();
        let mut last_row = resume_after;
        let mut eof = false;
        watch.progress = ImportProgress {
            rows_read: counts.read,
            rows_saved: counts.read,
            last_row,
            total_lines: watch::total_lines(path, profile.format.kind),
            ..ImportProgress::default()
        };
        watch.send();
        std::thread::scope(|scope| -> Result<()> {
            let mut rows = read_ahead::read_ahead(scope, rows, resume_after, path);
            while !eof {
                let mut tx = self.store.write(&actor, "import.chunk")?;
                if first {
                    if known_source.is_none() {
                        let source = Source {
                            id: SourceId::from_bytes(source_id),
                            kind: profile.source.kind,
                            name: profile.source.name.clone(),
                            profile: Some(profile_name.clone()),
                        };
                        tx.insert(&SOURCE, &codec::source(&source))?;
                    }
                    let batch = ImportBatch {
                        id: BatchId::from_bytes(batch_id),
                        source_id: SourceId::from_bytes(source_id),
                        origin: path
                            .file_name()
                            .map_or_else(|| file.clone(), |n| n.to_string_lossy().into_owned()),
                        content_hash: content_hash.clone(),
                        rows_read: 0,
                        rows_accepted: 0,
                        rows_quarantined: 0,
                        rows_duplicate: 0,
                        imported_by: None,
                        imported_at: chrono::Utc::now(),
                    };
                    tx.insert(&IMPORT_BATCH, &codec::import_batch(&batch))?;
                    let run = ImportRunRow {
                        profile_name: profile_name.clone(),
                        last_row: 0,
                        rows_created: 0,
                        rows_updated: 0,
                        complete: false,
                    };
                    tx.insert_lineage(
                        &IMPORT_RUN,
                        &import_run_values(
                            &batch_id,
                            &profile_name,
                            &profile.to_toml(),
                            &header,
                            &run,
                        ),
                    )?;
                    first = false;
                }
                let mut in_chunk = 0;
                while in_chunk < options.chunk_rows {
                    let Some(row) = rows.next()? else {
                        eof = true;
                        break;
                    };
                    let applied = sink.apply(&mut tx, row.outcome, row.row, false)?;
                    if let Some(code) = record_row(
                        &mut tx,
                        &batch_id,
                        row.row,
                        row.text,
                        &row.key,
                        &applied,
                        &mut counts,
                    )? {
                        *summary.by_reason.entry(code.to_string()).or_default() += 1;
                    }
                    last_row = row.row;
                    in_chunk += 1;
                    if in_chunk % watch::PROGRESS_EVERY_ROWS == 0 {
                        // Dropping `tx` on the way out rolls back this chunk's rows.
                        watch.check()?;
                        watch.progress.rows_read = counts.read;
                        watch.progress.last_row = last_row;
                        watch.send();
                    }
                }
                counts.store(&mut tx, &batch_id, last_row, eof)?;
                tx.commit(serde_json::json!({
                    "file": file, "batch": summary.batch_id, "content_hash": content_hash, "last_row": last_row,
                    "read": counts.read, "created": counts.created, "updated": counts.updated,
                    "quarantined": counts.quarantined, "duplicate": counts.duplicate, "complete": eof,
                }))?;
                summary.chunks += 1;
                watch.progress = ImportProgress {
                    rows_read: counts.read,
                    rows_saved: counts.read,
                    last_row,
                    chunks: summary.chunks,
                    done: eof,
                    ..watch.progress
                };
                watch.send();
                if !eof
                    && options
                        .stop_after_chunks
                        .is_some_and(|n| summary.chunks >= n)
                {
                    return Err(Error::Cancelled);
                }
            }
            Ok(())
        })?;
        summary.read = counts.read;
        summary.created = counts.created;
        summary.updated = counts.updated;
        summary.accepted = counts.accepted();
        summary.quarantined = counts.quarantined;
        summary.duplicate = counts.duplicate;
        Ok(summary)
    }
}

/// The id of a new source, from its name: two workstations that each import a source of the
/// same name give it the same id, so sync merges the two records instead of colliding on the
/// name (which is unique in a store).
pub(crate) fn source_id_for(name: &str) -> SourceId {
    let hash = blake3::hash(format!("atalaya source\0{name}").as_bytes());
    let mut random = [0u8; 10];
    random.copy_from_slice(&hash.as_bytes()[..10]);
    SourceId::from_parts(0, random)
}

fn file_hash(path: &Path) -> Result<String> {
    let mut f = std::fs::File::open(path).map_err(|e| {
        Error::from(IngestError::Io {
            file: path.into(),
            source: e,
        })
    })?;
    let mut h = blake3::Hasher::new();
    std::io::copy(&mut f, &mut h).map_err(|e| {
        Error::from(IngestError::Io {
            file: path.into(),
            source: e,
        })
    })?;
    Ok(h.finalize().to_hex().to_string())
}
