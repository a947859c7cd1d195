//! The rollup recomputed from the incidents and compared, for `audit verify`.

use crate::Result;
use crate::store::Store;

/// The rollup's rows that differ from a recount of the incidents, at most `limit` of them, as
/// `(day, category, cuadrante, barrio, stored count, recounted count)`.
pub type RollupMismatch = (i64, String, String, String, i64, i64);

impl Store {
    /// Compare `incident_rollup` with a fresh count of the incidents; empty when they agree.
    pub fn rollup_mismatches(&self, limit: usize) -> Result<Vec<RollupMismatch>> {
        let sql = "
            WITH fresh AS (
                SELECT local_day, category, coalesce(cuadrante, '') AS cuadrante,
                       coalesce(barrio, '') AS barrio, coalesce(source_id, X'') AS source_id,
                       count(*) AS n
                FROM incident GROUP BY 1, 2, 3, 4, 5
            ),
            both_ways AS (
                SELECT f.local_day, f.category, f.cuadrante, f.barrio, coalesce(r.n, 0) AS stored,
                       f.n AS fresh
                FROM fresh f LEFT JOIN incident_rollup r USING (local_day, category, cuadrante, barrio, source_id)
                WHERE r.n IS NOT f.n
                UNION ALL
                SELECT r.local_day, r.category, r.cuadrante, r.barrio, r.n, 0
                FROM incident_rollup r LEFT JOIN fresh f USING (local_day, category, cuadrante, barrio, source_id)
                WHERE f.n IS NULL
            )
            SELECT * FROM both_ways ORDER BY 1, 2, 3, 4 LIMIT ?";
        let mut stmt = self.conn.prepare(sql)?;
        let rows = stmt.query_map([limit as i64], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
