//! The cuadrante × category × local-week cube: whole days from the rollup, the rest (and any
//! filter the rollup cannot answer) counted from the incidents as they stream.

use std::collections::HashMap;

use serde::Serialize;

use crate::Result;
use crate::query::IncidentFilter;
use crate::rollup::plan::plan;
use crate::store::Store;

/// One cell of the cuadrante × category × week cube.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct CubeCell {
    /// Cuadrante code (empty if none).
    pub cuadrante: String,
    /// Category code.
    pub category: String,
    /// Monday of the local week, as days since 1970-01-01.
    pub week_start_day: i64,
    /// Count.
    pub count: u64,
}

/// Counts cube cells as keys stream in.
#[derive(Default)]
pub(crate) struct CubeCounter {
    /// Cuadrante and category names, interned: there are few (~20 each), so a linear scan
    /// beats hashing strings.
    names: Vec<String>,
    /// Key: cuadrante id, category id and the week's Monday packed into one integer.
    counts: HashMap<u64, u64>,
}

impl CubeCounter {
    fn intern(&mut self, s: &str) -> u64 {
        match self.names.iter().position(|n| n == s) {
            Some(i) => i as u64,
            None => {
                self.names.push(s.to_owned());
                (self.names.len() - 1) as u64
            }
        }
    }

    /// Count `n` incidents of `category` in `cuadrante` on local day `day`.
    pub(crate) fn add(&mut self, cuadrante: &str, category: &str, day: i64, n: u64) {
        let cuadrante = self.intern(cuadrante);
        let category = self.intern(category);
        // 1970-01-01 was a Thursday: the Monday of a day's week is day - (day + 3) mod 7.
        let monday = day - (day + 3).rem_euclid(7);
        let key = (cuadrante << 48) | (category << 32) | (monday as u64 & 0xffff_ffff);
        *self.counts.entry(key).or_default() += n;
    }

    /// The cells, sorted by cuadrante, category and week.
    fn cells(self) -> Vec<CubeCell> {
        let mut cells: Vec<CubeCell> = self
            .counts
            .into_iter()
            .map(|(key, count)| CubeCell {
                cuadrante: self.names[(key >> 48) as usize].clone(),
                category: self.names[((key >> 32) & 0xffff) as usize].clone(),
                week_start_day: i64::from((key & 0xffff_ffff) as u32 as i32),
                count,
            })
            .collect();
        cells.sort_by(|a, b| {
            (&a.cuadrante, &a.category, a.week_start_day).cmp(&(
                &b.cuadrante,
                &b.category,
                b.week_start_day,
            ))
        });
        cells
    }
}

impl Store {
    /// The cuadrante × category × local-week cube of matching incidents.
    pub fn cube_cuadrante_category_week(&self, filter: &IncidentFilter) -> Result<Vec<CubeCell>> {
        let mut cube = CubeCounter::default();
        match plan(filter) {
            Some(plan) => {
                self.rollup_cube(&plan, &mut cube)?;
                for edge in plan.edges() {
                    self.cube_scan(edge, &mut cube)?;
                }
            }
            None => self.cube_scan(filter, &mut cube)?,
        }
        Ok(cube.cells())
    }

    fn cube_scan(&self, filter: &IncidentFilter, cube: &mut CubeCounter) -> Result<()> {
        let (clause, args) = self.filter_sql(filter)?;
        // Stream the three keys (from the covering index when the filter allows) and count in
        // memory: SQL GROUP BY would sort every matching row through a temporary B-tree.
        let sql = format!(
            "SELECT coalesce(i.cuadrante, ''), i.category, i.local_day FROM incident i {clause}"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(args))?;
        while let Some(r) = rows.next()? {
            cube.add(
                r.get_ref(0)?.as_str().map_err(rusqlite::Error::from)?,
                r.get_ref(1)?.as_str().map_err(rusqlite::Error::from)?,
                r.get(2)?,
                1,
            );
        }
        Ok(())
    }
}
