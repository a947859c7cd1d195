//! Audit verification, third layer: every current record against the row hash of its last
//! traced write (edited, added or deleted behind the API's back).

use std::collections::HashMap;

use super::*;

impl Store {
    pub(super) fn check_records(
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

    pub(super) fn check_table(
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
            let hash = spec.row_hash(values.iter().copied());
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
