//! The rollup recomputed from the incidents and compared, for `audit verify`.

use crate::Result;
use crate::store::Store;

/// The rollup's rows that differ from a recount of the incidents, at most `limit` of them, as
/// `(day, category, cuadrante, barrio, stored count, recounted count)`; a weekly row names its
/// Monday.
pub type RollupMismatch = (i64, String, String, String, i64, i64);

impl Store {
    /// Compare `incident_rollup` with a fresh count of the incidents; empty when they agree.
    pub fn rollup_mismatches(&self, limit: usize) -> Result<Vec<RollupMismatch>> {
        let mut out = self.mismatches("incident_rollup", "local_day", "local_day", limit)?;
        // 1970-01-01 was a Thursday; stored days are >= 0, so `%` is the Euclidean remainder.
        let monday = "local_day - ((local_day + 3) % 7 + 7) % 7";
        out.extend(self.mismatches("incident_rollup_week", "week", monday, limit)?);
        out.truncate(limit);
        Ok(out)
    }

    fn mismatches(
        &self,
        table: &str,
        time: &str,
        time_of_incident: &str,
        limit: usize,
    ) -> Result<Vec<RollupMismatch>> {
        let sql = format!("
            WITH fresh AS (
                SELECT {time_of_incident} AS {time}, category, coalesce(cuadrante, '') AS cuadrante,
                       coalesce(barrio, '') AS barrio, coalesce(source_id, X'') AS source_id,
                       count(*) AS n
                FROM incident GROUP BY 1, 2, 3, 4, 5
            ),
            both_ways AS (
                SELECT f.{time}, f.category, f.cuadrante, f.barrio, coalesce(r.n, 0) AS stored,
                       f.n AS fresh
                FROM fresh f LEFT JOIN {table} r USING ({time}, category, cuadrante, barrio, source_id)
                WHERE r.n IS NOT f.n
                UNION ALL
                SELECT r.{time}, r.category, r.cuadrante, r.barrio, r.n, 0
                FROM {table} r LEFT JOIN fresh f USING ({time}, category, cuadrante, barrio, source_id)
                WHERE f.n IS NULL
            )
            SELECT * FROM both_ways ORDER BY 1, 2, 3, 4 LIMIT ?");
        let mut stmt = self.conn.prepare(&sql)?;
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
