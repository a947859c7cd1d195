//! Regular square grids over the plane: cell ↔ index arithmetic and point counts per cell.
//!
//! Cells are half-open, `[x0 + col·s, x0 + (col + 1)·s) × [y0 + row·s, y0 + (row + 1)·s)`, and are
//! numbered row-major from the south-west corner, `index = row · nx + col` — the numbering of
//! libpysal's `lat2W(nrows = ny, ncols = nx)`, so contiguity weights line up with it.

use serde::{Deserialize, Serialize};

use crate::AnalysisError;
use crate::point::{Point, check_points};

/// The most cells a grid may have (a 5 000 × 5 000 raster): beyond that the cell size is
/// almost certainly a unit mistake, and the counts alone would need 100 MB.
pub const MAX_CELLS: usize = 25_000_000;

/// A regular grid: south-west corner, square cell side and size in cells.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct GridSpec {
    /// West edge, metres.
    pub x0: f64,
    /// South edge, metres.
    pub y0: f64,
    /// Side of a cell, metres.
    pub cell_size: f64,
    /// Columns (west → east).
    pub nx: usize,
    /// Rows (south → north).
    pub ny: usize,
}

impl GridSpec {
    /// A grid with its south-west corner at `(x0, y0)`, `nx` columns and `ny` rows.
    pub fn new(
        x0: f64,
        y0: f64,
        cell_size: f64,
        nx: usize,
        ny: usize,
    ) -> Result<Self, AnalysisError> {
        if !(cell_size > 0.0 && cell_size.is_finite()) {
            return Err(AnalysisError::CellSizeNotPositive(cell_size));
        }
        if !x0.is_finite() || !y0.is_finite() {
            return Err(AnalysisError::NonFiniteCoordinate {
                index: 0,
                x: x0,
                y: y0,
            });
        }
        if nx == 0 || ny == 0 {
            return Err(AnalysisError::EmptyGrid { nx, ny });
        }
        if nx.saturating_mul(ny) > MAX_CELLS {
            return Err(AnalysisError::GridTooLarge {
                nx,
                ny,
                max: MAX_CELLS,
            });
        }
        Ok(Self {
            x0,
            y0,
            cell_size,
            nx,
            ny,
        })
    }

    /// The smallest grid with its corner at the points' minimum x and y that holds every point
    /// (a point on the east or north edge of the extent gets its own column or row).
    pub fn covering(points: &[Point], cell_size: f64) -> Result<Self, AnalysisError> {
        if !(cell_size > 0.0 && cell_size.is_finite()) {
            return Err(AnalysisError::CellSizeNotPositive(cell_size));
        }
        check_points(points)?;
        let Some(first) = points.first() else {
            return Err(AnalysisError::TooFewPoints {
                what: "a grid covering points",
                needed: 1,
                got: 0,
            });
        };
        let (mut x0, mut y0, mut x1, mut y1) = (first.x, first.y, first.x, first.y);
        for p in points {
            x0 = x0.min(p.x);
            y0 = y0.min(p.y);
            x1 = x1.max(p.x);
            y1 = y1.max(p.y);
        }
        let cells = |span: f64| {
            let c = (span / cell_size).floor();
            // Saturate instead of overflowing; `new` then reports the grid as too large.
            if c >= MAX_CELLS as f64 {
                MAX_CELLS
            } else {
                c as usize + 1
            }
        };
        Self::new(x0, y0, cell_size, cells(x1 - x0), cells(y1 - y0))
    }

    /// Number of cells, `nx · ny`.
    pub fn cell_count(&self) -> usize {
        self.nx * self.ny
    }

    /// Index of the cell at `(col, row)`, if inside the grid.
    pub fn index(&self, col: usize, row: usize) -> Option<usize> {
        (col < self.nx && row < self.ny).then(|| row * self.nx + col)
    }

    /// `(col, row)` of cell `index` (which must be `< cell_count()`).
    pub fn column_row(&self, index: usize) -> (usize, usize) {
        (index % self.nx, index / self.nx)
    }

    /// The cell holding `p`, or `None` outside the grid (or for a non-finite point).
    pub fn cell_of(&self, p: Point) -> Option<usize> {
        let fx = ((p.x - self.x0) / self.cell_size).floor();
        let fy = ((p.y - self.y0) / self.cell_size).floor();
        // NaN fails both comparisons, so non-finite points land outside.
        if fx >= 0.0 && fy >= 0.0 && fx < self.nx as f64 && fy < self.ny as f64 {
            Some(fy as usize * self.nx + fx as usize)
        } else {
            None
        }
    }

    /// Centre of cell `index`.
    pub fn centre(&self, index: usize) -> Point {
        let (col, row) = self.column_row(index);
        Point::new(
            self.x0 + (col as f64 + 0.5) * self.cell_size,
            self.y0 + (row as f64 + 0.5) * self.cell_size,
        )
    }

    /// Centres of all cells, in index order.
    pub fn centres(&self) -> Vec<Point> {
        (0..self.cell_count()).map(|i| self.centre(i)).collect()
    }
}

/// Point counts on a grid.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GridCounts {
    /// The grid counted on.
    pub spec: GridSpec,
    /// Points per cell, in cell index order.
    pub counts: Vec<u32>,
    /// Points that fell outside the grid.
    pub outside: usize,
}

impl GridCounts {
    /// Counts as `f64`, the input Gi* takes.
    pub fn values(&self) -> Vec<f64> {
        self.counts.iter().map(|&c| f64::from(c)).collect()
    }
}

/// Counts the points in each cell of `spec`; points outside are counted in `outside`.
pub fn grid_counts(spec: &GridSpec, points: &[Point]) -> Result<GridCounts, AnalysisError> {
    check_points(points)?;
    let mut counts = vec![0u32; spec.cell_count()];
    let mut outside = 0;
    for &p in points {
        match spec.cell_of(p) {
            Some(i) => counts[i] += 1,
            None => outside += 1,
        }
    }
    Ok(GridCounts {
        spec: *spec,
        counts,
        outside,
    })
}
