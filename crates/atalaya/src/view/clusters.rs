//! Grid clusters for the map: the matching incidents in a viewport, counted per Web Mercator
//! grid cell (64 px at the start of each zoom level), or as single points when few remain.
//!
//! A cell is named by `(zoom, x, y)`, and [`CellGrid::cell_of`] is the one function that puts
//! a point in a cell, used both here and by a cell selection: clicking a cluster selects exactly
//! the incidents it counted. Cells that touch the viewport are counted whole (points just
//! outside the view included), so a cluster's count never depends on how the map was panned.

use serde::{Deserialize, Serialize};

use super::IncidentView;
use crate::filter::FilterArgs;
use crate::{Error, Result, Workspace};

/// Cells per axis at zoom 0: 512 px tiles, 64 px cells.
const CELLS_AT_ZOOM_0: f64 = 8.0;
/// Deepest grid level; beyond it cells would be smaller than a few metres.
pub const MAX_GRID_ZOOM: u8 = 22;
/// Most grid cells a view may span (a 4K screen at 64 px cells is ~2 000).
const MAX_VIEW_CELLS: usize = 250_000;
/// At most this many matching incidents in view are sent as single points instead of clusters.
pub const POINT_LIMIT: usize = 1500;

/// The cell grid of one zoom level.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct CellGrid {
    cells: f64,
}

impl CellGrid {
    pub(crate) fn new(zoom: u8) -> Self {
        Self {
            cells: CELLS_AT_ZOOM_0 * 2f64.powi(i32::from(zoom.min(MAX_GRID_ZOOM))),
        }
    }

    /// The cell holding a point.
    #[cfg(test)]
    pub(crate) fn cell_of(&self, lon: f64, lat: f64) -> (u32, u32) {
        let (x, y) = mercator(lon, lat);
        self.cell_of_mercator(x, y)
    }

    /// The cell holding Web Mercator point `(x, y)`.
    pub(crate) fn cell_of_mercator(&self, x: f64, y: f64) -> (u32, u32) {
        let max = self.cells - 1.0;
        (
            (x * self.cells).floor().clamp(0.0, max) as u32,
            (y * self.cells).floor().clamp(0.0, max) as u32,
        )
    }
}

/// Web Mercator `(x, y)` in `[0, 1]` of a point (y grows southwards).
pub(crate) fn mercator(lon: f64, lat: f64) -> (f64, f64) {
    let x = (lon + 180.0) / 360.0;
    let lat = lat.clamp(-85.051_128, 85.051_128).to_radians();
    let y = (1.0 - (lat.tan() + 1.0 / lat.cos()).ln() / std::f64::consts::PI) / 2.0;
    (x, y)
}

/// What the map asks for: the filter, the visible bounds and the zoom.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct MapRequest {
    /// The active filter.
    #[serde(default)]
    pub filter: FilterArgs,
    /// Visible `[min_lon, min_lat, max_lon, max_lat]`.
    pub bbox: [f64; 4],
    /// The map's (fractional) zoom.
    pub zoom: f64,
}

/// A grid cell with the matching incidents in it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Cluster {
    /// Grid zoom.
    pub zoom: u8,
    /// Cell column.
    pub x: u32,
    /// Cell row.
    pub y: u32,
    /// Mean longitude of its incidents.
    pub lon: f64,
    /// Mean latitude of its incidents.
    pub lat: f64,
    /// How many.
    pub count: u64,
}

/// One incident on the map.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct MapPoint {
    /// Local row number (the table and selections refer to it).
    pub rid: i64,
    /// Longitude.
    pub lon: f64,
    /// Latitude.
    pub lat: f64,
    /// Category code.
    pub category: String,
}

/// What the map draws: clusters, or single points when few incidents are in view.
#[derive(Debug, Clone, Serialize, PartialEq, Default)]
pub struct MapLayer {
    /// The grid zoom the clusters belong to.
    pub grid_zoom: u8,
    /// Cells with two or more incidents (empty when points are sent).
    pub clusters: Vec<Cluster>,
    /// Single incidents: every one in view when few, else those alone in their cell.
    pub points: Vec<MapPoint>,
    /// Matching incidents in the cells that touch the view.
    pub in_view: u64,
    /// Matching incidents with no location (never on the map).
    pub unlocated: u64,
}

impl IncidentView {
    /// The map layer for `request`.
    pub fn map_layer(&self, ws: &Workspace, request: &MapRequest) -> Result<MapLayer> {
        let filter = ws.parse_filter(&request.filter)?;
        let positions = self.matching(ws, &filter)?;
        let positions = self.in_time(&positions, &filter);
        let grid_zoom = request.zoom.floor().clamp(0.0, f64::from(MAX_GRID_ZOOM)) as u8;
        let grid = CellGrid::new(grid_zoom);
        let [x0, y0, x1, y1] = request.bbox;
        // Mercator y grows southwards: the north-west corner has the smallest cell numbers.
        let (mx0, my0) = mercator(x0, y1);
        let (mx1, my1) = mercator(x1, y0);
        let (cx0, cy0) = grid.cell_of_mercator(mx0, my0);
        let (cx1, cy1) = grid.cell_of_mercator(mx1, my1);
        let ix = &self.index;
        // The cells touching the view, as one dense grid (a view spans tens of cells a side).
        let columns = (cx1.saturating_sub(cx0) + 1) as usize;
        let rows = (cy1.saturating_sub(cy0) + 1) as usize;
        if columns.saturating_mul(rows) > MAX_VIEW_CELLS {
            return Err(Error::invalid(
                "map view",
                format!("{:?} at zoom {}", request.bbox, request.zoom),
                "bounds that a screen shows at that zoom",
            ));
        }
        let mut cells: Vec<(u64, f64, f64, usize)> = vec![(0, 0.0, 0.0, 0); columns * rows];
        let mut in_view_positions = Vec::new();
        let mut unlocated = 0;
        for p in positions.iter().map(|p| *p as usize) {
            let (x, y) = (ix.mx[p], ix.my[p]);
            if x.is_nan() {
                unlocated += 1;
                continue;
            }
            let (cx, cy) = grid.cell_of_mercator(x, y);
            if cx < cx0 || cx > cx1 || cy < cy0 || cy > cy1 {
                continue;
            }
            if in_view_positions.len() <= POINT_LIMIT {
                in_view_positions.push(p);
            }
            let cell = &mut cells[(cy - cy0) as usize * columns + (cx - cx0) as usize];
            if cell.0 == 0 {
                cell.3 = p;
            }
            cell.0 += 1;
            cell.1 += ix.lon[p];
            cell.2 += ix.lat[p];
        }
        let in_view: u64 = cells.iter().map(|c| c.0).sum();
        let point = |p: usize| MapPoint {
            rid: ix.rid[p],
            lon: ix.lon[p],
            lat: ix.lat[p],
            category: ix.categories.get(ix.category[p]).unwrap_or("").to_owned(),
        };
        let mut layer = MapLayer {
            grid_zoom,
            in_view,
            unlocated,
            ..MapLayer::default()
        };
        if in_view as usize <= POINT_LIMIT {
            layer.points = in_view_positions.into_iter().map(point).collect();
            return Ok(layer);
        }
        for (i, (count, sx, sy, first)) in cells.into_iter().enumerate() {
            let (x, y) = (cx0 + (i % columns) as u32, cy0 + (i / columns) as u32);
            if count == 0 {
                continue;
            } else if count == 1 {
                layer.points.push(point(first));
            } else {
                layer.clusters.push(Cluster {
                    zoom: grid_zoom,
                    x,
                    y,
                    lon: sx / count as f64,
                    lat: sy / count as f64,
                    count,
                });
            }
        }
        Ok(layer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_double_per_zoom_level_and_split_at_the_meridian() {
        assert_eq!(CellGrid::new(0).cell_of(-0.0001, 0.0), (3, 4));
        assert_eq!(CellGrid::new(0).cell_of(0.0001, 0.0), (4, 4));
        assert_eq!(CellGrid::new(1).cell_of(0.0001, 0.0), (8, 8));
        assert_eq!(CellGrid::new(0).cell_of(180.0, -90.0), (7, 7));
    }

    #[test]
    fn a_point_in_providencia_lands_in_nested_cells() {
        let (lon, lat) = (-70.6155, -33.4175);
        let (x14, y14) = CellGrid::new(14).cell_of(lon, lat);
        let (x15, y15) = CellGrid::new(15).cell_of(lon, lat);
        assert_eq!((x15 / 2, y15 / 2), (x14, y14));
    }
}
