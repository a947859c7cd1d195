//! Reading the whole-day part of a plan from `incident_rollup`.

use rusqlite::types::Value;

use super::plan::RollupPlan;
use crate::cube::CubeCounter;
use crate::query::KeyCount;
use crate::store::Store;
use crate::{Result, StoreError};

impl RollupPlan {
    /// The WHERE clause over `incident_rollup r` for the plan's whole days, and its parameters.
    pub(crate) fn rollup_sql(&self) -> (String, Vec<Value>) {
        let mut conds = Vec::new();
        let mut args = Vec::new();
        if let Some(first) = self.first {
            conds.push("r.local_day >= ?".to_string());
            args.push(Value::Integer(first));
        }
        if let Some(end) = self.end {
            conds.push("r.local_day < ?".to_string());
            args.push(Value::Integer(end));
        }
        self.filter.dims_sql("r", &mut conds, &mut args);
        if conds.is_empty() {
            (String::new(), args)
        } else {
            (format!("WHERE {}", conds.join(" AND ")), args)
        }
    }
}

impl Store {
    /// Incidents on the plan's whole days.
    pub(crate) fn rollup_count(&self, plan: &RollupPlan) -> Result<u64> {
        let (clause, args) = plan.rollup_sql();
        let sql = format!("SELECT coalesce(sum(r.n), 0) FROM incident_rollup r {clause}");
        let n: i64 = self
            .conn
            .prepare_cached(&sql)?
            .query_row(rusqlite::params_from_iter(args), |r| r.get(0))?;
        Ok(n as u64)
    }

    /// Incidents on the plan's whole days by `by` (as [`Store::count_by`]).
    pub(crate) fn rollup_count_by(&self, plan: &RollupPlan, by: &str) -> Result<Vec<KeyCount>> {
        let expr = match by {
            "category" => "r.category",
            "cuadrante" => "r.cuadrante",
            "barrio" => "r.barrio",
            "source" => "coalesce((SELECT name FROM source s WHERE s.id = r.source_id), '')",
            other => {
                return Err(StoreError::InvalidFilter(format!(
                    "cannot count by `{other}`"
                )));
            }
        };
        let (clause, args) = plan.rollup_sql();
        let sql =
            format!("SELECT {expr} AS k, sum(r.n) FROM incident_rollup r {clause} GROUP BY k");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(args), |r| {
            Ok(KeyCount {
                key: r.get(0)?,
                count: r.get::<_, i64>(1)? as u64,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The first and last local day with a matching incident among the plan's whole days.
    pub(crate) fn rollup_day_range(&self, plan: &RollupPlan) -> Result<Option<(i64, i64)>> {
        let (clause, args) = plan.rollup_sql();
        let sql =
            format!("SELECT min(r.local_day), max(r.local_day) FROM incident_rollup r {clause}");
        let (a, b): (Option<i64>, Option<i64>) = self
            .conn
            .prepare_cached(&sql)?
            .query_row(rusqlite::params_from_iter(args), |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?;
        Ok(a.zip(b))
    }

    /// Add the plan's whole days to `cube`.
    pub(crate) fn rollup_cube(&self, plan: &RollupPlan, cube: &mut CubeCounter) -> Result<()> {
        let (clause, args) = plan.rollup_sql();
        let sql = format!(
            "SELECT r.cuadrante, r.category, r.local_day, r.n FROM incident_rollup r {clause}"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(args))?;
        while let Some(r) = rows.next()? {
            cube.add(
                r.get_ref(0)?.as_str().map_err(rusqlite::Error::from)?,
                r.get_ref(1)?.as_str().map_err(rusqlite::Error::from)?,
                r.get(2)?,
                r.get::<_, i64>(3)? as u64,
            );
        }
        Ok(())
    }
}
