//! Grid layers: kernel density, Gi* hot spots and the prospective forecast, one cell a row
//! and one polygon a feature.

use serde::Serialize;
use serde_json::{Value, json};

use super::{Render, Table, cell_polygon, collection, format_days, num, opt, point};
use crate::Result;
use crate::analysis::grid::{GridLayer, StudyGrid};
use crate::analysis::prospective::ForecastLayer;

impl Render for GridLayer {
    fn summary(&self) -> Vec<(String, Table)> {
        let mut top: Vec<&crate::analysis::grid::GridCell> = self.cells.iter().collect();
        let key = |c: &crate::analysis::grid::GridCell| c.intensity_per_km2.or(c.z).unwrap_or(0.0);
        top.sort_by(|a, b| key(b).total_cmp(&key(a)));
        let mut t = self.csv();
        let cols = t.header.len();
        t.rows = top.iter().take(15).map(|c| self.row(c)).collect();
        debug_assert!(t.rows.iter().all(|r| r.len() == cols));
        let mut info = Table::new(&["", ""]);
        info.rows
            .push(vec!["events".into(), self.events.to_string()]);
        info.rows
            .push(vec!["outside study cells".into(), self.outside.to_string()]);
        info.rows.push(vec![
            "grid".into(),
            format!(
                "{} × {} cells of {} m, {} studied",
                self.grid.spec.nx,
                self.grid.spec.ny,
                self.grid.spec.cell_size,
                self.grid.cells.len()
            ),
        ]);
        if let Some(h) = self.bandwidth {
            info.rows.push(vec!["bandwidth (m)".into(), num(h)]);
        }
        if self.cells.first().is_some_and(|c| c.class.is_some()) {
            let counts =
                crate::analysis::grid::class_counts(self.cells.iter().filter_map(|c| c.class_fdr));
            info.rows.push(vec![
                "cells by FDR class −3…3".into(),
                format!("{counts:?}"),
            ]);
        }
        vec![("summary".into(), info), ("top cells".into(), t)]
    }

    fn csv(&self) -> Table {
        let mut header = vec!["cell", "col", "row", "x", "y", "lon", "lat", "count"];
        let density = self.bandwidth.is_some();
        if density {
            header.push("intensity_per_km2");
        } else {
            header.extend(["z", "p_value", "q_value", "class", "class_fdr"]);
        }
        let mut t = Table::new(&header);
        t.rows = self.cells.iter().map(|c| self.row(c)).collect();
        t
    }

    fn geojson(&self) -> Result<Value> {
        Ok(cell_features(&self.grid, &self.cells, |c| c.index))
    }
}

impl GridLayer {
    fn row(&self, c: &crate::analysis::grid::GridCell) -> Vec<String> {
        let centre = self.grid.spec.centre(c.index);
        let (lon, lat) = match self.grid.plane {
            Some(p) => {
                let (lon, lat) = p.unproject(centre.x, centre.y);
                (num(lon), num(lat))
            }
            None => (String::new(), String::new()),
        };
        let mut row = vec![
            c.index.to_string(),
            c.col.to_string(),
            c.row.to_string(),
            num(centre.x),
            num(centre.y),
            lon,
            lat,
            c.count.to_string(),
        ];
        if self.bandwidth.is_some() {
            row.push(opt(c.intensity_per_km2));
        } else {
            row.extend([
                opt(c.z),
                opt(c.p_value),
                opt(c.q_value),
                c.class.map(|v| v.to_string()).unwrap_or_default(),
                c.class_fdr.map(|v| v.to_string()).unwrap_or_default(),
            ]);
        }
        row
    }
}

impl Render for ForecastLayer {
    fn summary(&self) -> Vec<(String, Table)> {
        let calendar = self.grid.plane.is_some();
        let mut t = Table::new(&[
            "week",
            "events",
            "hit_rate",
            "PAI",
            "PEI",
            "baseline_hit_rate",
            "baseline_PAI",
            "baseline_PEI",
        ]);
        let e = &self.evaluation;
        for w in &e.weeks {
            t.rows.push(vec![
                format_days(w.start, calendar),
                w.prospective.events.to_string(),
                opt(w.prospective.hit_rate),
                opt(w.prospective.pai),
                opt(w.prospective.pei),
                opt(w.baseline.hit_rate),
                opt(w.baseline.pai),
                opt(w.baseline.pei),
            ]);
        }
        t.rows.push(vec![
            "mean".into(),
            String::new(),
            opt(e.prospective_mean.hit_rate),
            opt(e.prospective_mean.pai),
            opt(e.prospective_mean.pei),
            opt(e.baseline_mean.hit_rate),
            opt(e.baseline_mean.pai),
            opt(e.baseline_mean.pei),
        ]);
        let flagged = self.cells.iter().filter(|c| c.flagged).count();
        let mut info = Table::new(&["", ""]);
        info.rows.push(vec![
            "forecast week from".into(),
            format_days(self.start, calendar),
        ]);
        info.rows.push(vec![
            "flagged cells".into(),
            format!(
                "{flagged} of {} ({} %)",
                self.cells.len(),
                num(100.0 * e.params.coverage)
            ),
        ]);
        vec![
            ("forecast".into(), info),
            ("held-out weeks: prospective vs baseline".into(), t),
        ]
    }

    fn csv(&self) -> Table {
        let mut t = Table::new(&[
            "cell",
            "x",
            "y",
            "lon",
            "lat",
            "score",
            "rank",
            "flagged",
            "baseline_per_km2",
        ]);
        t.rows = self
            .cells
            .iter()
            .map(|c| {
                let centre = self.grid.spec.centre(c.index);
                let [lon, lat] = point(self.grid.plane.as_ref(), centre.x, centre.y);
                let (lon, lat) = if self.grid.plane.is_some() {
                    (num(lon), num(lat))
                } else {
                    (String::new(), String::new())
                };
                vec![
                    c.index.to_string(),
                    num(centre.x),
                    num(centre.y),
                    lon,
                    lat,
                    num(c.score),
                    c.rank.to_string(),
                    c.flagged.to_string(),
                    num(c.baseline_per_km2),
                ]
            })
            .collect();
        t
    }

    fn geojson(&self) -> Result<Value> {
        Ok(cell_features(&self.grid, &self.cells, |c| c.index))
    }
}

/// One polygon feature per cell of `grid`, with the cell's fields as its properties.
fn cell_features<C: Serialize>(
    grid: &StudyGrid,
    cells: &[C],
    index: impl Fn(&C) -> usize,
) -> Value {
    collection(
        cells
            .iter()
            .map(|c| {
                json!({
                    "type": "Feature",
                    "geometry": cell_polygon(grid, index(c)),
                    "properties": c,
                })
            })
            .collect(),
    )
}
