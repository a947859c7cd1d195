//! The tamper-evident audit trail and its verification.
//!
//! Each write transaction appends one entry whose `content_hash` covers every change entry it
//! recorded (and each change entry carries the row hash of the record it wrote); entries are
//! chained by `prev_hash`. [`Store::verify_audit`] re-derives all three layers — chain, change
//! entries, current records — and names the first thing that does not match.

use rusqlite::types::ValueRef;
use serde::Serialize;

use crate::Result;
use crate::rowhash::{ROW_HASH_LEN, feed};
use crate::schema::{self, TableSpec};
use crate::store::Store;

mod chain;
mod lineage;
mod records;

/// The `prev_hash` of the first entry.
pub const GENESIS: [u8; 32] = [0; 32];

/// One audit entry as stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditEntry {
    /// Position in the chain, from 1.
    pub seq: i64,
    /// Wall time of the commit, Unix ms.
    pub at_ms: i64,
    /// Who.
    pub actor: String,
    /// What kind of operation.
    pub action: String,
    /// JSON summary (counts, file hash, …).
    pub detail: String,
    /// Number of change entries it covers.
    pub changes: i64,
    /// BLAKE3 over its change entries.
    #[serde(skip)]
    pub content_hash: [u8; 32],
    /// The previous entry's hash.
    #[serde(skip)]
    pub prev_hash: [u8; 32],
}

impl AuditEntry {
    /// This entry's chain hash.
    pub fn hash(&self) -> [u8; 32] {
        let mut h = blake3::Hasher::new();
        h.update(b"atalaya-audit-v1");
        h.update(&self.prev_hash);
        h.update(&self.seq.to_le_bytes());
        h.update(&self.at_ms.to_le_bytes());
        for text in [&self.actor, &self.action, &self.detail] {
            h.update(&(text.len() as u64).to_le_bytes());
            h.update(text.as_bytes());
        }
        h.update(&self.changes.to_le_bytes());
        h.update(&self.content_hash);
        *h.finalize().as_bytes()
    }
}

/// Feed one change entry into a transaction's content hasher.
pub(crate) fn feed_change(
    h: &mut blake3::Hasher,
    tbl: i64,
    row_id: ValueRef<'_>,
    fields: i64,
    hlc: i64,
    device: i64,
    row_hash: Option<&[u8]>,
) {
    h.update(&tbl.to_le_bytes());
    feed(h, row_id);
    h.update(&fields.to_le_bytes());
    h.update(&hlc.to_le_bytes());
    h.update(&device.to_le_bytes());
    feed(h, row_hash.map_or(ValueRef::Null, ValueRef::Blob));
}

/// A transaction's audit content hash: its change entries' digest alone, or — when it wrote
/// lineage rows — that digest bound to the lineage row count and digest.
pub(crate) fn content_hash(changes: blake3::Hash, lineage: Option<(i64, [u8; 32])>) -> [u8; 32] {
    let Some((rows, digest)) = lineage else {
        return *changes.as_bytes();
    };
    let mut h = blake3::Hasher::new();
    h.update(b"atalaya-lineage-v1");
    h.update(changes.as_bytes());
    h.update(&rows.to_le_bytes());
    h.update(&digest);
    *h.finalize().as_bytes()
}

/// The digest of a transaction's lineage writes, given as (table code, key, row hash) sorted.
pub(crate) fn lineage_digest<'a>(
    entries: impl IntoIterator<Item = (i64, &'a [u8], &'a [u8])>,
) -> [u8; 32] {
    let mut h = blake3::Hasher::new();
    for (tbl, key, hash) in entries {
        h.update(&tbl.to_le_bytes());
        feed(&mut h, ValueRef::Blob(key));
        feed(&mut h, ValueRef::Blob(hash));
    }
    *h.finalize().as_bytes()
}

/// Something `audit verify` found wrong.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AuditProblem {
    /// The entry's stored hash or link to its predecessor does not match.
    ChainBroken {
        /// The first broken entry.
        seq: i64,
        /// What did not match.
        reason: String,
    },
    /// The change entries of a transaction do not hash to what its audit entry recorded.
    ChangesAltered {
        /// The audit entry whose changes differ.
        seq: i64,
    },
    /// The lineage rows (raw records, import runs) a transaction wrote were altered, added or
    /// deleted: they no longer hash to the digest its audit entry covers.
    LineageAltered {
        /// The audit entry whose lineage rows differ.
        seq: i64,
    },
    /// A record's content differs from what its last traced write left.
    RecordAltered {
        /// Table.
        table: String,
        /// Record key.
        id: String,
        /// Audit entry of its last traced write.
        last_seq: i64,
    },
    /// A record exists that no traced write created.
    RecordUntraced {
        /// Table.
        table: String,
        /// Record key.
        id: String,
    },
    /// A record that the trail says exists is gone.
    RecordMissing {
        /// Table.
        table: String,
        /// Record key.
        id: String,
        /// Audit entry of its last traced write.
        last_seq: i64,
    },
    /// The per-day incident counts (`incident_rollup`) disagree with the incidents: derived
    /// data out of step, so counts and stats over whole days would be wrong.
    RollupMismatch {
        /// Local day (days since 1970-01-01).
        day: i64,
        /// Category code.
        category: String,
        /// Cuadrante code ('' for none).
        cuadrante: String,
        /// Count stored in the rollup.
        stored: i64,
        /// Count of the incidents.
        actual: i64,
    },
}

impl std::fmt::Display for AuditProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::ChainBroken { seq, reason } => write!(f, "audit entry {seq}: {reason}"),
            Self::ChangesAltered { seq } => {
                write!(f, "audit entry {seq}: its change entries were altered")
            }
            Self::LineageAltered { seq } => {
                write!(
                    f,
                    "audit entry {seq}: the lineage rows it wrote (raw records, import runs) were altered, added or deleted"
                )
            }
            Self::RecordAltered {
                table,
                id,
                last_seq,
            } => {
                write!(
                    f,
                    "{table} {id} was changed outside Atalaya after audit entry {last_seq}"
                )
            }
            Self::RecordUntraced { table, id } => {
                write!(f, "{table} {id} was added outside Atalaya (no audit entry)")
            }
            Self::RecordMissing {
                table,
                id,
                last_seq,
            } => {
                write!(
                    f,
                    "{table} {id} was deleted outside Atalaya after audit entry {last_seq}"
                )
            }
            Self::RollupMismatch {
                day,
                category,
                cuadrante,
                stored,
                actual,
            } => {
                let date = atalaya_model::time::date_of_day_number(*day as i32);
                write!(
                    f,
                    "per-day counts for {date} {category} in cuadrante '{cuadrante}' say {stored}, the incidents number {actual}"
                )
            }
        }
    }
}

/// The outcome of a verification.
#[derive(Debug, Clone, Serialize)]
pub struct AuditReport {
    /// Audit entries checked.
    pub entries: u64,
    /// Change entries checked.
    pub changes: u64,
    /// Records checked against their last traced write.
    pub records: u64,
    /// Problems found, first first (at most [`MAX_PROBLEMS`]).
    pub problems: Vec<AuditProblem>,
}

/// How many problems a report lists at most.
pub const MAX_PROBLEMS: usize = 50;

impl AuditReport {
    /// True when nothing was found wrong.
    pub fn ok(&self) -> bool {
        self.problems.is_empty()
    }
}

#[derive(Hash, PartialEq, Eq)]
enum RowKey {
    Bytes(Vec<u8>),
    Text(String),
    Int(i64),
}

impl RowKey {
    fn of(v: ValueRef<'_>) -> Self {
        match v {
            ValueRef::Blob(b) => Self::Bytes(b.to_vec()),
            ValueRef::Text(t) => Self::Text(String::from_utf8_lossy(t).into_owned()),
            ValueRef::Integer(i) => Self::Int(i),
            ValueRef::Real(f) => Self::Int(f.to_bits() as i64),
            ValueRef::Null => Self::Int(i64::MIN),
        }
    }

    fn display(&self) -> String {
        match self {
            Self::Bytes(b) if b.len() == 16 => uuid::Uuid::from_slice(b)
                .map(|u| u.to_string())
                .unwrap_or_default(),
            Self::Bytes(b) => hex::encode(b),
            Self::Text(t) => t.clone(),
            Self::Int(i) => i.to_string(),
        }
    }
}

struct LastWrite {
    hash: Option<[u8; ROW_HASH_LEN]>,
    seq: i64,
}

impl Store {
    /// Verify the audit chain, the change entries and every traced record.
    pub fn verify_audit(&self) -> Result<AuditReport> {
        let mut report = AuditReport {
            entries: 0,
            changes: 0,
            records: 0,
            problems: Vec::new(),
        };
        let content = self.check_chain(&mut report)?;
        let lineage = self.check_lineage_digests(&content, &mut report)?;
        let last = self.check_changes(&content, &lineage, &mut report)?;
        self.check_records(last, &mut report)?;
        self.check_lineage_rows(&mut report)?;
        // After every trail check: a tampered incident shows as a trail problem first.
        for (day, category, cuadrante, _, stored, actual) in self.rollup_mismatches(MAX_PROBLEMS)? {
            report.problems.push(AuditProblem::RollupMismatch {
                day,
                category,
                cuadrante,
                stored,
                actual,
            });
        }
        report.problems.truncate(MAX_PROBLEMS);
        Ok(report)
    }
}

fn problem_seq(p: &AuditProblem) -> i64 {
    match p {
        AuditProblem::ChainBroken { seq, .. }
        | AuditProblem::ChangesAltered { seq }
        | AuditProblem::LineageAltered { seq } => *seq,
        AuditProblem::RecordAltered { last_seq, .. }
        | AuditProblem::RecordMissing { last_seq, .. } => *last_seq,
        AuditProblem::RecordUntraced { .. } | AuditProblem::RollupMismatch { .. } => i64::MAX,
    }
}
