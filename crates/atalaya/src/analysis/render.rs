//! Results as a person or another tool reads them: small summary tables for a terminal, one
//! full table for CSV, and GeoJSON layers (grid cells and areas as polygons, near-repeat chains
//! as lines) in WGS84 — or in the input's own planar coordinates for a CSV of planar points.

use serde_json::{Value, json};

use super::areas::AreaHotSpots;
use super::grid::{GridLayer, StudyGrid};
use super::nearrepeat::NearRepeat;
use super::plane::LocalPlane;
use super::prospective::ForecastLayer;
use super::temporal::{CompStatReport, Keyed, Rhythm};
use crate::{Error, Result};

/// A table: a header and rows of text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// Column names.
    pub header: Vec<String>,
    /// Rows, as many cells as the header.
    pub rows: Vec<Vec<String>>,
}

impl Table {
    fn new(header: &[&str]) -> Self {
        Self {
            header: header.iter().map(|h| (*h).to_string()).collect(),
            rows: Vec::new(),
        }
    }

    /// RFC 4180 CSV with a header row.
    pub fn to_csv(&self) -> String {
        let field = |s: &str| {
            if s.contains([',', '"', '\n', '\r']) {
                format!("\"{}\"", s.replace('"', "\"\""))
            } else {
                s.to_string()
            }
        };
        let line = |cells: &[String]| cells.iter().map(|c| field(c)).collect::<Vec<_>>().join(",");
        let mut out = line(&self.header);
        out.push('\n');
        for r in &self.rows {
            out.push_str(&line(r));
            out.push('\n');
        }
        out
    }
}

/// How each result is shown.
pub trait Render {
    /// Small titled tables for a terminal.
    fn summary(&self) -> Vec<(String, Table)>;
    /// The full table CSV output writes.
    fn csv(&self) -> Table;
    /// The map layer, if the result is one.
    fn geojson(&self) -> Result<Value>;
}

fn num(v: f64) -> String {
    if v.is_finite() {
        format!("{}", (v * 1e6).round() / 1e6)
    } else {
        String::new()
    }
}

fn opt(v: Option<f64>) -> String {
    v.map(num).unwrap_or_default()
}

fn pct(v: Option<f64>) -> String {
    v.map(|p| format!("{p:+.1}"))
        .unwrap_or_else(|| "n/a".into())
}

/// A time in days as `YYYY-MM-DD HH:MM` when it is a local day number (store data).
pub fn format_days(t: f64, calendar: bool) -> String {
    if !calendar {
        return num(t);
    }
    let day = t.floor();
    let minutes = ((t - day) * 1440.0).round() as i64;
    let date = atalaya_model::time::date_of_day_number(day as i32);
    format!(
        "{} {:02}:{:02}",
        date.format("%Y-%m-%d"),
        minutes / 60,
        minutes % 60
    )
}

fn point(plane: Option<&LocalPlane>, x: f64, y: f64) -> [f64; 2] {
    match plane {
        Some(p) => {
            let (lon, lat) = p.unproject(x, y);
            [lon, lat]
        }
        None => [x, y],
    }
}

/// The polygon of cell `index` in WGS84 (or planar).
fn cell_polygon(grid: &StudyGrid, index: usize) -> Value {
    let c = grid.spec.centre(index);
    let h = grid.spec.cell_size / 2.0;
    let corners = [(-h, -h), (h, -h), (h, h), (-h, h), (-h, -h)];
    let ring: Vec<[f64; 2]> = corners
        .iter()
        .map(|(dx, dy)| point(grid.plane.as_ref(), c.x + dx, c.y + dy))
        .collect();
    json!({"type": "Polygon", "coordinates": [ring]})
}

fn collection(features: Vec<Value>) -> Value {
    json!({"type": "FeatureCollection", "features": features})
}

impl Render for GridLayer {
    fn summary(&self) -> Vec<(String, Table)> {
        let mut top: Vec<&super::grid::GridCell> = self.cells.iter().collect();
        let key = |c: &super::grid::GridCell| c.intensity_per_km2.or(c.z).unwrap_or(0.0);
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
            let counts = super::grid::class_counts(self.cells.iter().filter_map(|c| c.class_fdr));
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
        Ok(collection(
            self.cells
                .iter()
                .map(|c| {
                    json!({
                        "type": "Feature",
                        "geometry": cell_polygon(&self.grid, c.index),
                        "properties": c,
                    })
                })
                .collect(),
        ))
    }
}

impl GridLayer {
    fn row(&self, c: &super::grid::GridCell) -> Vec<String> {
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

impl Render for AreaHotSpots {
    fn summary(&self) -> Vec<(String, Table)> {
        vec![(format!("Gi* by {}", self.level), self.csv())]
    }

    fn csv(&self) -> Table {
        let mut t = Table::new(&[
            "code",
            "name",
            "count",
            "z",
            "p_value",
            "q_value",
            "class",
            "class_fdr",
            "neighbours",
        ]);
        t.rows = self
            .areas
            .iter()
            .map(|a| {
                vec![
                    a.code.clone(),
                    a.name.clone(),
                    a.count.to_string(),
                    num(a.z),
                    num(a.p_value),
                    num(a.q_value),
                    a.class.to_string(),
                    a.class_fdr.to_string(),
                    a.neighbours.join(" "),
                ]
            })
            .collect();
        t
    }

    fn geojson(&self) -> Result<Value> {
        Ok(collection(
            self.areas
                .iter()
                .map(|a| {
                    json!({
                        "type": "Feature",
                        "geometry": atalaya_store::codec::geo_json_multipolygon(&a.geometry),
                        "properties": a,
                    })
                })
                .collect(),
        ))
    }
}

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

const WEEKDAYS: [&str; 7] = ["lun", "mar", "mié", "jue", "vie", "sáb", "dom"];

impl Render for Rhythm {
    fn summary(&self) -> Vec<(String, Table)> {
        let mut out = vec![("hour × weekday".to_string(), self.csv())];
        if let Some(m) = &self.monthly {
            let mut t = Table::new(&[
                "month",
                "count",
                "moving_avg",
                "ratio",
                "deseasonalised",
                "trend",
            ]);
            t.rows = m
                .months
                .iter()
                .map(|r| {
                    vec![
                        format!("{}-{:02}", r.year, r.month),
                        r.count.to_string(),
                        opt(r.moving_average),
                        opt(r.ratio),
                        opt(r.deseasonalised),
                        num(r.trend),
                    ]
                })
                .collect();
            out.push(("months".into(), t));
            let mut s = Table::new(&["", ""]);
            s.rows.push(vec![
                "seasonal index (Jan…Dec)".into(),
                m.seasonal_index
                    .as_ref()
                    .map(|v| {
                        v.iter()
                            .map(|x| format!("{x:.3}"))
                            .collect::<Vec<_>>()
                            .join(" ")
                    })
                    .unwrap_or_else(|| "n/a (needs 24 whole months)".into()),
            ]);
            s.rows.push(vec![
                "trend (events/month per month)".into(),
                num(m.trend.slope),
            ]);
            s.rows.push(vec![
                "trend (% per year)".into(),
                pct(m.trend.percent_per_year),
            ]);
            out.push(("seasonality and trend".into(), s));
        }
        out
    }

    fn csv(&self) -> Table {
        let mut header = vec!["weekday".to_string()];
        header.extend((0..24).map(|h| format!("{h:02}")));
        header.push("total".into());
        let rows = self
            .hour_weekday
            .counts
            .iter()
            .enumerate()
            .map(|(d, row)| {
                let mut r = vec![WEEKDAYS[d].to_string()];
                r.extend(row.iter().map(u64::to_string));
                r.push(self.hour_weekday.by_weekday[d].to_string());
                r
            })
            .collect();
        Table { header, rows }
    }

    fn geojson(&self) -> Result<Value> {
        Err(not_a_layer("rhythm"))
    }
}

fn not_a_layer(what: &str) -> Error {
    Error::invalid(
        "--format",
        format!("geojson for {what}"),
        "table, csv or json (geojson is for kde, hotspots, knox chains and forecast)",
    )
}

impl Render for CompStatReport {
    fn summary(&self) -> Vec<(String, Table)> {
        let mut periods = Table::new(&["period", "current", "previous"]);
        for p in &self.periods {
            periods.rows.push(vec![
                p.name.into(),
                format!("{} … {}", p.current.0, p.current.1),
                format!("{} … {}", p.previous.0, p.previous.1),
            ]);
        }
        vec![("periods".into(), periods), ("CompStat".into(), self.csv())]
    }

    fn csv(&self) -> Table {
        let mut header = vec!["scope".to_string(), "code".into(), "label".into()];
        for p in ["week", "28d", "ytd"] {
            for c in ["current", "previous", "pct_change", "p_value", "hint"] {
                header.push(format!("{p}_{c}"));
            }
        }
        let row = |scope: &str, k: &Keyed| {
            let mut r = vec![scope.to_string(), k.code.clone(), k.label.clone()];
            for c in &k.comparisons {
                r.extend([
                    c.current.to_string(),
                    c.previous.to_string(),
                    pct(c.percent_change),
                    num(c.p_value),
                    match c.hint {
                        atalaya_analysis::ChangeHint::Increase => "▲",
                        atalaya_analysis::ChangeHint::Decrease => "▼",
                        atalaya_analysis::ChangeHint::NoChange => "",
                    }
                    .into(),
                ]);
            }
            r
        };
        let total = Keyed {
            code: "total".into(),
            label: "todos".into(),
            comparisons: self.total.clone(),
        };
        let mut rows = vec![row("total", &total)];
        rows.extend(self.by_category.iter().map(|k| row("category", k)));
        rows.extend(self.by_cuadrante.iter().map(|k| row("cuadrante", k)));
        Table { header, rows }
    }

    fn geojson(&self) -> Result<Value> {
        Err(not_a_layer("compstat"))
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
        Ok(collection(
            self.cells
                .iter()
                .map(|c| {
                    json!({
                        "type": "Feature",
                        "geometry": cell_polygon(&self.grid, c.index),
                        "properties": c,
                    })
                })
                .collect(),
        ))
    }
}
