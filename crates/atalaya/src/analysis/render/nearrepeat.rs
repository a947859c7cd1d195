//! Knox near-repeat: the space × time table, and the chains of linked events as lines.

use serde_json::{Value, json};

use super::{Render, Table, collection, format_days, num, opt, point};
use crate::Result;
use crate::analysis::nearrepeat::NearRepeat;

impl Render for NearRepeat {
    fn summary(&self) -> Vec<(String, Table)> {
        let t = &self.test;
        let mut test = Table::new(&["", ""]);
        let mc = t.monte_carlo.as_ref();
        for (k, v) in [
            ("events", t.n.to_string()),
            ("pairs close in space", t.space_pairs.to_string()),
            ("pairs close in time", t.time_pairs.to_string()),
            ("pairs close in both (Knox)", t.observed.to_string()),
            ("expected (analytic)", num(t.expected_analytic)),
            ("p (Poisson)", num(t.p_poisson)),
            (
                "expected (Monte Carlo)",
                mc.map(|m| num(m.expected)).unwrap_or_default(),
            ),
            ("Knox ratio", opt(mc.and_then(|m| m.knox_ratio))),
            (
                "p (Monte Carlo)",
                mc.map(|m| num(m.p_value)).unwrap_or_default(),
            ),
            ("near-repeat chains", self.chains.len().to_string()),
        ] {
            test.rows.push(vec![k.into(), v]);
        }
        vec![
            ("Knox test (first δ, first τ)".into(), test),
            ("Near Repeat table".into(), self.csv()),
        ]
    }

    fn csv(&self) -> Table {
        let mut t = Table::new(&[
            "distance_m",
            "days",
            "observed",
            "expected",
            "knox_ratio",
            "p_value",
        ]);
        let band = |limits: &[f64], i: usize| {
            let lo = if i == 0 { 0.0 } else { limits[i - 1] };
            format!("{}-{}", num(lo), num(limits[i]))
        };
        for s in 0..self.table.spatial.len() {
            for d in 0..self.table.temporal.len() {
                let c = self.table.cell(s, d);
                t.rows.push(vec![
                    band(&self.table.spatial, s),
                    band(&self.table.temporal, d),
                    c.observed.to_string(),
                    num(c.monte_carlo.expected),
                    opt(c.monte_carlo.knox_ratio),
                    num(c.monte_carlo.p_value),
                ]);
            }
        }
        t
    }

    fn geojson(&self) -> Result<Value> {
        let calendar = self.plane.is_some();
        Ok(collection(
            self.chains
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let line: Vec<[f64; 2]> = c
                        .events
                        .iter()
                        .map(|e| point(self.plane.as_ref(), e.x, e.y))
                        .collect();
                    json!({
                        "type": "Feature",
                        "geometry": {"type": "LineString", "coordinates": line},
                        "properties": {
                            "chain": i + 1,
                            "events": c.events.len(),
                            "span_days": c.span_days,
                            "first": format_days(c.events[0].t, calendar),
                            "last": format_days(c.events[c.events.len() - 1].t, calendar),
                        },
                    })
                })
                .collect(),
        ))
    }
}
