//! The tamper-evident audit trail and its verification.
//!
//! Each write transaction appends one entry whose `content_hash` covers every change entry it
//! recorded (and each change entry carries the row hash of the record it wrote); entries are
//! chained by `prev_hash`. [`Store::verify_audit`] re-derives all three layers — chain, change
//! entries, current records — and names the first thing that does not match.

use std::collections::HashMap;

use rusqlite::types::ValueRef;
use serde::Serialize;

use crate::Result;
use crate::rowhash::{ROW_HASH_LEN, feed, row_hash};
use crate::schema::{self, TableSpec};
use crate::store::Store;

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
        report.problems.truncate(MAX_PROBLEMS);
        Ok(report)
    }

    /// Walk the chain; returns each entry's recorded content hash by seq.
    fn check_chain(&self, report: &mut AuditReport) -> Result<HashMap<i64, [u8; 32]>> {
        let mut stmt = self.conn.prepare(
            "SELECT seq, at_ms, actor, action, detail, changes, content_hash, prev_hash, hash FROM audit ORDER BY seq",
        )?;
        let mut rows = stmt.query([])?;
        let mut prev = GENESIS;
        let mut expected_seq = 1;
        let mut content = HashMap::new();
        while let Some(r) = rows.next()? {
            report.entries += 1;
            let blob32 = |i: usize| -> rusqlite::Result<[u8; 32]> {
                let v: Vec<u8> = r.get(i)?;
                Ok(v.try_into().unwrap_or([0xff; 32]))
            };
            let entry = AuditEntry {
                seq: r.get(0)?,
                at_ms: r.get(1)?,
                actor: r.get(2)?,
                action: r.get(3)?,
                detail: r.get(4)?,
                changes: r.get(5)?,
                content_hash: blob32(6)?,
                prev_hash: blob32(7)?,
            };
            let stored = blob32(8)?;
            let problem = if entry.seq != expected_seq {
                let reason = format!(
                    "missing or out of place (entry {} follows entry {})",
                    entry.seq,
                    expected_seq - 1
                );
                Some((expected_seq, reason))
            } else if entry.prev_hash != prev {
                Some((entry.seq, "does not link to the previous entry".to_string()))
            } else if entry.hash() != stored {
                Some((
                    entry.seq,
                    "its content does not match its hash (the entry was edited)".to_string(),
                ))
            } else {
                None
            };
            if let Some((seq, reason)) = problem {
                report
                    .problems
                    .push(AuditProblem::ChainBroken { seq, reason });
            }
            content.insert(entry.seq, entry.content_hash);
            prev = stored;
            expected_seq = entry.seq + 1;
        }
        Ok(content)
    }

    /// Re-hash each transaction's change entries; returns the last write of every record.
    fn check_changes(
        &self,
        content: &HashMap<i64, [u8; 32]>,
        lineage: &HashMap<i64, (i64, [u8; 32])>,
        report: &mut AuditReport,
    ) -> Result<HashMap<i64, HashMap<RowKey, LastWrite>>> {
        let mut stmt = self.conn.prepare(
            "SELECT tx, tbl, row_id, fields, hlc, device, row_hash FROM change ORDER BY seq",
        )?;
        let mut rows = stmt.query([])?;
        let mut last: HashMap<i64, HashMap<RowKey, LastWrite>> = HashMap::new();
        let mut current: Option<(i64, blake3::Hasher)> = None;
        let finish = |tx: i64, h: blake3::Hasher, report: &mut AuditReport| {
            if content.get(&tx) != Some(&content_hash(h.finalize(), lineage.get(&tx).copied())) {
                report
                    .problems
                    .push(AuditProblem::ChangesAltered { seq: tx });
            }
        };
        let mut seen_tx = std::collections::HashSet::new();
        while let Some(r) = rows.next()? {
            report.changes += 1;
            let tx: i64 = r.get(0)?;
            let tbl: i64 = r.get(1)?;
            let row_id = r.get_ref(2)?;
            let hash: Option<Vec<u8>> = r.get(6)?;
            if current.as_ref().map(|(t, _)| *t) != Some(tx) {
                if let Some((t, h)) = current.take() {
                    finish(t, h, report);
                }
                seen_tx.insert(tx);
                current = Some((tx, blake3::Hasher::new()));
            }
            if let Some((_, h)) = current.as_mut() {
                feed_change(
                    h,
                    tbl,
                    row_id,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    hash.as_deref(),
                );
            }
            let hash = hash.and_then(|h| h.try_into().ok());
            last.entry(tbl)
                .or_default()
                .insert(RowKey::of(row_id), LastWrite { hash, seq: tx });
        }
        if let Some((t, h)) = current.take() {
            finish(t, h, report);
        }
        // A transaction that recorded changes but whose entries were all deleted.
        let empty = blake3::Hasher::new().finalize();
        let mut missing: Vec<i64> = content
            .iter()
            .filter(|(seq, hash)| {
                !seen_tx.contains(*seq) && **hash != content_hash(empty, lineage.get(*seq).copied())
            })
            .map(|(seq, _)| *seq)
            .collect();
        missing.sort_unstable();
        report.problems.extend(
            missing
                .into_iter()
                .map(|seq| AuditProblem::ChangesAltered { seq }),
        );
        report.problems.sort_by_key(problem_seq);
        Ok(last)
    }

    fn check_records(
        &self,
        mut last: HashMap<i64, HashMap<RowKey, LastWrite>>,
        report: &mut AuditReport,
    ) -> Result<()> {
        for spec in schema::TABLES {
            let mut writes = last.remove(&spec.code).unwrap_or_default();
            self.check_table(spec, &mut writes, report)?;
            let mut gone: Vec<(i64, String)> = writes
                .iter()
                .filter(|(_, w)| w.hash.is_some())
                .map(|(k, w)| (w.seq, k.display()))
                .collect();
            gone.sort();
            report
                .problems
                .extend(
                    gone.into_iter()
                        .map(|(last_seq, id)| AuditProblem::RecordMissing {
                            table: spec.name.into(),
                            id,
                            last_seq,
                        }),
                );
        }
        Ok(())
    }

    fn check_table(
        &self,
        spec: &TableSpec,
        writes: &mut HashMap<RowKey, LastWrite>,
        report: &mut AuditReport,
    ) -> Result<()> {
        // Lineage rows of a traced table are checked by the lineage pass instead.
        let only_traced = if schema::has_lineage_rows(spec.name) {
            " WHERE audit_seq IS NULL"
        } else {
            ""
        };
        let sql = format!(
            "SELECT {} FROM {}{only_traced}",
            spec.columns.join(", "),
            spec.name
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let n = spec.columns.len();
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            report.records += 1;
            let values: Vec<ValueRef<'_>> =
                (0..n).map(|i| r.get_ref(i)).collect::<Result<_, _>>()?;
            let key = RowKey::of(values[0]);
            let hash = row_hash(values.iter().copied());
            match writes.remove(&key) {
                Some(LastWrite { hash: Some(h), .. }) if h == hash => {}
                Some(LastWrite { seq, .. }) => report.problems.push(AuditProblem::RecordAltered {
                    table: spec.name.into(),
                    id: key.display(),
                    last_seq: seq,
                }),
                None => report.problems.push(AuditProblem::RecordUntraced {
                    table: spec.name.into(),
                    id: key.display(),
                }),
            }
        }
        Ok(())
    }
}

impl Store {
    /// Recompute every transaction's lineage digest from the lineage rows and their history and
    /// compare it with the stored one; returns the stored digests (which the content hashes bind).
    fn check_lineage_digests(
        &self,
        content: &HashMap<i64, [u8; 32]>,
        report: &mut AuditReport,
    ) -> Result<HashMap<i64, (i64, [u8; 32])>> {
        let mut stored = HashMap::new();
        let mut stmt = self
            .conn
            .prepare("SELECT seq, rows, digest FROM audit_lineage")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let digest: Vec<u8> = r.get(2)?;
            stored.insert(
                r.get::<_, i64>(0)?,
                (r.get::<_, i64>(1)?, digest.try_into().unwrap_or([0xff; 32])),
            );
        }
        let parts: Vec<String> = schema::LINEAGE_TABLES
            .iter()
            .map(|t| {
                format!(
                    "SELECT audit_seq AS tx, {} AS tbl, {} AS k, lineage_hash AS h FROM {} WHERE audit_seq IS NOT NULL",
                    t.code,
                    t.key(),
                    t.name
                )
            })
            .chain(std::iter::once("SELECT tx, tbl, row_id, hash FROM lineage_history".to_string()))
            .collect();
        let sql = format!(
            "SELECT tx, tbl, k, h FROM ({}) ORDER BY tx, tbl, k, h",
            parts.join(" UNION ALL ")
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let mut rows = stmt.query([])?;
        let mut seen = std::collections::HashSet::new();
        let mut current: Option<(i64, i64, blake3::Hasher)> = None;
        let mut bad = Vec::new();
        let mut finish = |tx: i64, n: i64, h: blake3::Hasher| {
            seen.insert(tx);
            if stored.get(&tx) != Some(&(n, *h.finalize().as_bytes())) || !content.contains_key(&tx)
            {
                bad.push(tx);
            }
        };
        while let Some(r) = rows.next()? {
            let tx: i64 = r.get(0)?;
            let tbl: i64 = r.get(1)?;
            let key = r.get_ref(2)?;
            let hash = r.get_ref(3)?;
            if current.as_ref().map(|c| c.0) != Some(tx) {
                if let Some((t, n, h)) = current.take() {
                    finish(t, n, h);
                }
                current = Some((tx, 0, blake3::Hasher::new()));
            }
            if let Some((_, n, h)) = current.as_mut() {
                h.update(&tbl.to_le_bytes());
                feed(h, key);
                feed(h, hash);
                *n += 1;
            }
        }
        if let Some((t, n, h)) = current.take() {
            finish(t, n, h);
        }
        bad.extend(stored.keys().filter(|seq| !seen.contains(*seq)));
        bad.sort_unstable();
        bad.dedup();
        report.problems.extend(
            bad.into_iter()
                .map(|seq| AuditProblem::LineageAltered { seq }),
        );
        Ok(stored)
    }

    /// Check every lineage row against the hash its last lineage write recorded.
    fn check_lineage_rows(&self, report: &mut AuditReport) -> Result<()> {
        for spec in schema::LINEAGE_TABLES {
            let n = spec.columns.len();
            let sql = format!(
                "SELECT {}, audit_seq, lineage_hash FROM {} WHERE audit_seq IS NOT NULL ORDER BY audit_seq, {}",
                spec.columns.join(", "),
                spec.name,
                spec.key()
            );
            let mut stmt = self.conn.prepare(&sql)?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                report.records += 1;
                let values: Vec<ValueRef<'_>> =
                    (0..n).map(|i| r.get_ref(i)).collect::<Result<_, _>>()?;
                let recorded: Option<Vec<u8>> = r.get(n + 1)?;
                if recorded.as_deref() != Some(&row_hash(values.iter().copied())[..]) {
                    report.problems.push(AuditProblem::RecordAltered {
                        table: spec.name.into(),
                        id: RowKey::of(values[0]).display(),
                        last_seq: r.get(n)?,
                    });
                }
            }
        }
        Ok(())
    }
}

fn problem_seq(p: &AuditProblem) -> i64 {
    match p {
        AuditProblem::ChainBroken { seq, .. }
        | AuditProblem::ChangesAltered { seq }
        | AuditProblem::LineageAltered { seq } => *seq,
        AuditProblem::RecordAltered { last_seq, .. }
        | AuditProblem::RecordMissing { last_seq, .. } => *last_seq,
        AuditProblem::RecordUntraced { .. } => i64::MAX,
    }
}
