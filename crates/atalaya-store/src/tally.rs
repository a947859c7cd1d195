//! Counts by category, by cuadrante and by source in one pass — what a statistics screen asks
//! for at once — instead of one query (one pass over the rows) per key.

use std::collections::{BTreeMap, HashMap};

use rusqlite::types::Value;

use crate::Result;
use crate::query::{IncidentFilter, KeyCount};
use crate::rollup::plan::plan;
use crate::store::Store;

/// Matching incidents counted three ways, each sorted by key.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    /// All matching incidents.
    pub total: u64,
    /// By category code.
    pub by_category: Vec<KeyCount>,
    /// By cuadrante code ('' for none).
    pub by_cuadrante: Vec<KeyCount>,
    /// By source name ('' for none).
    pub by_source: Vec<KeyCount>,
}

/// Counts by (category, cuadrante, source id) as rows stream in.
#[derive(Default)]
struct Counter(HashMap<(String, String, Vec<u8>), u64>);

impl Counter {
    fn add_row(&mut self, r: &rusqlite::Row<'_>) -> Result<()> {
        let key = (
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Vec<u8>>(2)?,
        );
        *self.0.entry(key).or_default() += r.get::<_, i64>(3)? as u64;
        Ok(())
    }
}

impl Store {
    /// Count matching incidents by category, cuadrante and source in one pass (whole days from
    /// the rollup when the filter allows; see [`Store::count_by`] for one key).
    pub fn tally(&self, filter: &IncidentFilter) -> Result<Tally> {
        let mut counter = Counter::default();
        match plan(filter) {
            Some(plan) => {
                self.rollup_rows(
                    &plan,
                    "r.category, r.cuadrante, r.source_id, sum(r.n)",
                    "GROUP BY r.category, r.cuadrante, r.source_id",
                    |r| counter.add_row(r),
                )?;
                for edge in plan.edges() {
                    self.tally_scan(edge, &mut counter)?;
                }
            }
            None => self.tally_scan(filter, &mut counter)?,
        }
        let names: HashMap<Vec<u8>, String> = {
            let mut stmt = self.conn.prepare_cached("SELECT id, name FROM source")?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<Result<_, _>>()?
        };
        let mut by = [BTreeMap::new(), BTreeMap::new(), BTreeMap::new()];
        let mut total = 0;
        for ((category, cuadrante, source), n) in counter.0 {
            total += n;
            let source = names.get(&source).cloned().unwrap_or_default();
            for (map, key) in by.iter_mut().zip([category, cuadrante, source]) {
                *map.entry(key).or_insert(0u64) += n;
            }
        }
        let [by_category, by_cuadrante, by_source] = by.map(|m| {
            m.into_iter()
                .map(|(key, count)| KeyCount { key, count })
                .collect()
        });
        Ok(Tally {
            total,
            by_category,
            by_cuadrante,
            by_source,
        })
    }

    fn tally_scan(&self, filter: &IncidentFilter, counter: &mut Counter) -> Result<()> {
        let (clause, args): (String, Vec<Value>) = self.filter_sql(filter)?;
        let sql = format!(
            "SELECT i.category, coalesce(i.cuadrante, ''), coalesce(i.source_id, X''), 1
             FROM incident i {clause}"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(args))?;
        while let Some(r) = rows.next()? {
            counter.add_row(r)?;
        }
        Ok(())
    }
}
