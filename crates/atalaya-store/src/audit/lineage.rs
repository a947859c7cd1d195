//! Audit verification of lineage rows (raw records, import runs): per-transaction digests and
//! each row's stamped hash, for rows that have no change entries because they never sync.

use std::collections::HashMap;

use super::*;

impl Store {
    /// Recompute every transaction's lineage digest from the lineage rows and their history and
    /// compare it with the stored one; returns the stored digests (which the content hashes bind).
    pub(super) fn check_lineage_digests(
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
    pub(super) fn check_lineage_rows(&self, report: &mut AuditReport) -> Result<()> {
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
                if recorded.as_deref() != Some(&spec.row_hash(values.iter().copied())[..]) {
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
