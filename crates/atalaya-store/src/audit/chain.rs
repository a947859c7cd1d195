//! Audit verification, first two layers: the hash chain of audit entries, and each
//! transaction's change entries against the content hash its audit entry recorded.

use std::collections::HashMap;

use super::*;

impl Store {
    /// Walk the chain; returns each entry's recorded content hash by seq.
    pub(super) fn check_chain(&self, report: &mut AuditReport) -> Result<HashMap<i64, [u8; 32]>> {
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
    pub(super) fn check_changes(
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
}
