//! Reading the whole-day part of a plan: whole weeks from `incident_rollup_week`, the days
//! around them from `incident_rollup`.

use rusqlite::types::Value;

use super::monday_of;
use super::plan::{RollupPlan, plan};
use crate::cube::CubeCounter;
use crate::query::{IncidentFilter, KeyCount, count_key};
use crate::store::Store;
use crate::{Result, StoreError};

/// One rollup read: a table, its time column and a `[lo, hi)` range (open where `None`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Part {
    table: &'static str,
    time: &'static str,
    lo: Option<i64>,
    hi: Option<i64>,
}

const DAYS: (&str, &str) = ("incident_rollup", "local_day");
const WEEKS: (&str, &str) = ("incident_rollup_week", "week");

fn part((table, time): (&'static str, &'static str), lo: Option<i64>, hi: Option<i64>) -> Part {
    Part {
        table,
        time,
        lo,
        hi,
    }
}

impl RollupPlan {
    /// The plan's whole days as rollup reads: the whole weeks inside them from the weekly
    /// rollup, the days before and after those weeks from the daily one.
    pub(crate) fn parts(&self) -> Vec<Part> {
        // The first Monday on or after `first`; the last Monday on or before `end`.
        let weeks_from = self.first.map(|d| monday_of(d + 6));
        let weeks_to = self.end.map(monday_of);
        if let (Some(a), Some(b)) = (weeks_from, weeks_to)
            && a >= b
        {
            return vec![part(DAYS, self.first, self.end)];
        }
        let mut parts = Vec::new();
        if let (Some(first), Some(w)) = (self.first, weeks_from)
            && first < w
        {
            parts.push(part(DAYS, Some(first), Some(w)));
        }
        parts.push(part(WEEKS, weeks_from, weeks_to));
        if let (Some(w), Some(end)) = (weeks_to, self.end)
            && w < end
        {
            parts.push(part(DAYS, Some(w), Some(end)));
        }
        parts
    }

    /// `FROM … WHERE …` over the rollup table of `part` aliased `r`, and its parameters.
    pub(crate) fn part_sql(&self, part: &Part) -> (String, Vec<Value>) {
        let mut conds = Vec::new();
        let mut args = Vec::new();
        if let Some(lo) = part.lo {
            conds.push(format!("r.{} >= ?", part.time));
            args.push(Value::Integer(lo));
        }
        if let Some(hi) = part.hi {
            conds.push(format!("r.{} < ?", part.time));
            args.push(Value::Integer(hi));
        }
        self.filter.dims_sql("r", &mut conds, &mut args);
        let clause = if conds.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", conds.join(" AND "))
        };
        (format!("FROM {} r {clause}", part.table), args)
    }
}

impl Store {
    /// Run `select` (columns over `r`) on every part of `plan`, passing each row to `each`.
    pub(crate) fn rollup_rows(
        &self,
        plan: &RollupPlan,
        select: &str,
        group_by: &str,
        mut each: impl FnMut(&rusqlite::Row<'_>) -> Result<()>,
    ) -> Result<()> {
        for part in plan.parts() {
            let (from, args) = plan.part_sql(&part);
            let select = select.replace("{time}", &format!("r.{}", part.time));
            let sql = format!("SELECT {select} {from} {group_by}");
            let mut stmt = self.conn.prepare_cached(&sql)?;
            let mut rows = stmt.query(rusqlite::params_from_iter(args))?;
            while let Some(r) = rows.next()? {
                each(r)?;
            }
        }
        Ok(())
    }

    /// Incidents on the plan's whole days.
    pub(crate) fn rollup_count(&self, plan: &RollupPlan) -> Result<u64> {
        let mut n = 0;
        self.rollup_rows(plan, "coalesce(sum(r.n), 0)", "", |r| {
            n += r.get::<_, i64>(0)? as u64;
            Ok(())
        })?;
        Ok(n)
    }

    /// Incidents on the plan's whole days by `by` (as [`Store::count_by`]; one entry per key
    /// and part, summed by the caller).
    pub(crate) fn rollup_count_by(&self, plan: &RollupPlan, by: &str) -> Result<Vec<KeyCount>> {
        let expr = count_key("r", by)?;
        let mut out = Vec::new();
        self.rollup_rows(plan, &format!("{expr} AS k, sum(r.n)"), "GROUP BY k", |r| {
            out.push(KeyCount {
                key: r.get(0)?,
                count: r.get::<_, i64>(1)? as u64,
            });
            Ok(())
        })?;
        Ok(out)
    }

    /// The first and last local day with a matching incident among the plan's whole days
    /// (from the daily rollup, whose key starts with the day: each end is one index probe).
    pub(crate) fn rollup_day_range(&self, plan: &RollupPlan) -> Result<Option<(i64, i64)>> {
        let (from, args) = plan.part_sql(&part(DAYS, plan.first, plan.end));
        let end = |dir: &str| -> Result<Option<i64>> {
            let sql = format!("SELECT r.local_day {from} ORDER BY r.local_day {dir} LIMIT 1");
            let mut stmt = self.conn.prepare_cached(&sql)?;
            let mut rows = stmt.query(rusqlite::params_from_iter(args.iter()))?;
            Ok(match rows.next()? {
                Some(r) => Some(r.get(0)?),
                None => None,
            })
        };
        Ok(end("ASC")?.zip(end("DESC")?))
    }

    /// The first and last local day (day numbers) with an incident, from the daily rollup
    /// (the unfiltered case of [`Store::rollup_day_range`]); `None` when the store is empty.
    pub fn incident_day_span(&self) -> Result<Option<(i32, i32)>> {
        let Some(plan) = plan(&IncidentFilter::default()) else {
            return Ok(None);
        };
        // Day numbers are written from `i32` (`incident.local_day`).
        let day = |d: i64| {
            i32::try_from(d).map_err(|_| StoreError::Corrupt {
                table: "incident_rollup",
                column: "local_day",
                reason: format!("day number {d} out of range"),
            })
        };
        match self.rollup_day_range(&plan)? {
            Some((first, last)) => Ok(Some((day(first)?, day(last)?))),
            None => Ok(None),
        }
    }

    /// Add the plan's whole days to `cube`.
    pub(crate) fn rollup_cube(&self, plan: &RollupPlan, cube: &mut CubeCounter) -> Result<()> {
        self.rollup_rows(plan, "r.cuadrante, r.category, {time}, r.n", "", |r| {
            cube.add(
                r.get_ref(0)?.as_str().map_err(rusqlite::Error::from)?,
                r.get_ref(1)?.as_str().map_err(rusqlite::Error::from)?,
                r.get(2)?,
                r.get::<_, i64>(3)? as u64,
            );
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::IncidentFilter;

    fn plan(first: Option<i64>, end: Option<i64>) -> RollupPlan {
        RollupPlan {
            filter: IncidentFilter::default(),
            first,
            end,
            before: None,
            after: None,
        }
    }

    #[test]
    fn whole_weeks_come_from_the_weekly_rollup_and_the_ragged_ends_from_the_daily() {
        // Day 4 was Monday 1970-01-05.
        assert_eq!(
            plan(Some(2), Some(30)).parts(),
            vec![
                part(DAYS, Some(2), Some(4)),
                part(WEEKS, Some(4), Some(25)),
                part(DAYS, Some(25), Some(30)),
            ]
        );
        assert_eq!(
            plan(Some(4), Some(25)).parts(),
            vec![part(WEEKS, Some(4), Some(25))]
        );
        assert_eq!(
            plan(Some(5), Some(10)).parts(),
            vec![part(DAYS, Some(5), Some(10))]
        );
        assert_eq!(plan(None, None).parts(), vec![part(WEEKS, None, None)]);
        assert_eq!(
            plan(None, Some(9)).parts(),
            vec![part(WEEKS, None, Some(4)), part(DAYS, Some(4), Some(9))]
        );
    }
}
