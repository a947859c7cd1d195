//! Results as a person or another tool reads them: small summary tables for a terminal, one
//! full table for CSV, and GeoJSON layers (grid cells and areas as polygons, near-repeat chains
//! as lines) in WGS84 — or in the input's own planar coordinates for a CSV of planar points.

use serde_json::{Value, json};

use super::grid::StudyGrid;
use super::plane::LocalPlane;
use crate::{Error, Result};

mod areas;
mod grid;
mod nearrepeat;
mod temporal;

/// A table: a header and rows of text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// Column names.
    pub header: Vec<String>,
    /// Rows, as many cells as the header.
    pub rows: Vec<Vec<String>>,
}

impl Table {
    pub(super) fn new(header: &[&str]) -> Self {
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

pub(super) fn num(v: f64) -> String {
    if v.is_finite() {
        format!("{}", (v * 1e6).round() / 1e6)
    } else {
        String::new()
    }
}

pub(super) fn opt(v: Option<f64>) -> String {
    v.map(num).unwrap_or_default()
}

pub(super) fn pct(v: Option<f64>) -> String {
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

pub(super) fn point(plane: Option<&LocalPlane>, x: f64, y: f64) -> [f64; 2] {
    match plane {
        Some(p) => {
            let (lon, lat) = p.unproject(x, y);
            [lon, lat]
        }
        None => [x, y],
    }
}

/// The polygon of cell `index` in WGS84 (or planar).
pub(super) fn cell_polygon(grid: &StudyGrid, index: usize) -> Value {
    let c = grid.spec.centre(index);
    let h = grid.spec.cell_size / 2.0;
    let corners = [(-h, -h), (h, -h), (h, h), (-h, h), (-h, -h)];
    let ring: Vec<[f64; 2]> = corners
        .iter()
        .map(|(dx, dy)| point(grid.plane.as_ref(), c.x + dx, c.y + dy))
        .collect();
    json!({"type": "Polygon", "coordinates": [ring]})
}

pub(super) fn collection(features: Vec<Value>) -> Value {
    json!({"type": "FeatureCollection", "features": features})
}

pub(super) fn not_a_layer(what: &str) -> Error {
    Error::invalid(
        "--format",
        format!("geojson for {what}"),
        "table, csv or json (geojson is for kde, hotspots, knox chains and forecast)",
    )
}
