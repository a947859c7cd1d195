//! Grid layers: the study grid over the comuna (or over the points of a CSV), point counts,
//! kernel density and Getis-Ord Gi* hot spots on its cells.

use atalaya_analysis::{
    Bandwidth, GridSpec, Kernel, Point, Scale, SpatialWeights, gi_star, grid_counts, kde,
};
use geo::{BoundingRect, Contains};
use serde::Serialize;

use super::data::AnalysisData;
use super::plane::LocalPlane;
use super::{WeightsSpec, refused};
use crate::Result;

/// The grid an analysis runs on and which of its cells are in the study area.
#[derive(Debug, Clone, Serialize)]
pub struct StudyGrid {
    /// The grid (metres in the plane).
    pub spec: GridSpec,
    /// The plane, to draw cells in WGS84 (`None` for planar input).
    pub plane: Option<LocalPlane>,
    /// Indices of the cells analysed, ascending: those whose centre is inside the comuna, or
    /// every cell when there is no boundary.
    pub cells: Vec<usize>,
}

impl StudyGrid {
    /// Cells of `cell` metres over the comuna's bounding box (cells whose centre is inside the
    /// comuna are studied), or over the points when there is no boundary.
    pub fn new(data: &AnalysisData, cell: f64) -> Result<Self> {
        let Some(area) = data.study_area.as_ref() else {
            let spec = GridSpec::covering(&data.points(), cell).map_err(refused)?;
            return Ok(Self {
                spec,
                plane: data.plane,
                cells: (0..spec.cell_count()).collect(),
            });
        };
        let corners = area.bounding_rect().map(|r| {
            [
                Point::new(r.min().x, r.min().y),
                Point::new(r.max().x, r.max().y),
            ]
        });
        let spec = GridSpec::covering(corners.as_ref().map_or(&[][..], |c| &c[..]), cell)
            .map_err(refused)?;
        let cells = (0..spec.cell_count())
            .filter(|&i| {
                let c = spec.centre(i);
                area.contains(&geo::Point::new(c.x, c.y))
            })
            .collect();
        Ok(Self {
            spec,
            plane: data.plane,
            cells,
        })
    }

    /// `mask[i]`: whether cell `i` is studied.
    pub fn mask(&self) -> Vec<bool> {
        let mut mask = vec![false; self.spec.cell_count()];
        for &c in &self.cells {
            mask[c] = true;
        }
        mask
    }

    /// Spatial weights among the studied cells, numbered as in [`StudyGrid::cells`].
    pub fn weights(&self, spec: WeightsSpec) -> Result<SpatialWeights> {
        let centres: Vec<Point> = self.cells.iter().map(|&i| self.spec.centre(i)).collect();
        let lattice = match spec {
            WeightsSpec::Queen => SpatialWeights::queen(self.spec.nx, self.spec.ny),
            WeightsSpec::Rook => SpatialWeights::rook(self.spec.nx, self.spec.ny),
            WeightsSpec::Distance(m) => {
                return SpatialWeights::distance_band(&centres, m).map_err(refused);
            }
            WeightsSpec::Knn(k) => return SpatialWeights::k_nearest(&centres, k).map_err(refused),
        }
        .map_err(refused)?;
        let mut unit = vec![usize::MAX; self.spec.cell_count()];
        for (u, &c) in self.cells.iter().enumerate() {
            unit[c] = u;
        }
        let lists: Vec<Vec<usize>> = self
            .cells
            .iter()
            .map(|&c| {
                lattice
                    .neighbours(c)
                    .iter()
                    .map(|&j| unit[j as usize])
                    .filter(|&u| u != usize::MAX)
                    .collect()
            })
            .collect();
        SpatialWeights::from_adjacency(&lists).map_err(refused)
    }
}

/// Parameters of a density layer.
#[derive(Debug, Clone, Copy)]
pub struct KdeParams {
    /// Cell side, metres.
    pub cell: f64,
    /// Bandwidth, by hand or by rule.
    pub bandwidth: Bandwidth,
    /// Kernel.
    pub kernel: Kernel,
}

/// One cell of a grid layer.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct GridCell {
    /// Cell index in the grid (row-major from the south-west).
    pub index: usize,
    /// Column.
    pub col: usize,
    /// Row.
    pub row: usize,
    /// Events in the cell.
    pub count: u32,
    /// Kernel intensity, events per km² (density layers).
    pub intensity_per_km2: Option<f64>,
    /// Gi* z-score (hot spot layers).
    pub z: Option<f64>,
    /// Two-sided p-value.
    pub p_value: Option<f64>,
    /// Benjamini–Hochberg q-value.
    pub q_value: Option<f64>,
    /// Class from the p-value: −3 (cold, 99 %) … 3 (hot, 99 %).
    pub class: Option<i8>,
    /// Class from the FDR q-value.
    pub class_fdr: Option<i8>,
}

/// A density or hot spot layer.
#[derive(Debug, Clone, Serialize)]
pub struct GridLayer {
    /// The grid.
    pub grid: StudyGrid,
    /// Located events analysed.
    pub events: usize,
    /// Events outside the studied cells.
    pub outside: usize,
    /// The bandwidth used, metres (density layers).
    pub bandwidth: Option<f64>,
    /// The studied cells.
    pub cells: Vec<GridCell>,
}

fn counts_on(grid: &StudyGrid, data: &AnalysisData) -> Result<(Vec<u32>, usize)> {
    let counts = grid_counts(&grid.spec, &data.points()).map_err(refused)?;
    let mask = grid.mask();
    let outside = counts.outside
        + counts
            .counts
            .iter()
            .zip(&mask)
            .filter(|(_, m)| !**m)
            .map(|(c, _)| *c as usize)
            .sum::<usize>();
    Ok((counts.counts, outside))
}

fn cell(grid: &StudyGrid, index: usize, count: u32) -> GridCell {
    let (col, row) = grid.spec.column_row(index);
    GridCell {
        index,
        col,
        row,
        count,
        intensity_per_km2: None,
        z: None,
        p_value: None,
        q_value: None,
        class: None,
        class_fdr: None,
    }
}

/// Kernel density of the events on the study grid (events per km²).
pub fn kde_layer(data: &AnalysisData, params: &KdeParams) -> Result<GridLayer> {
    let grid = StudyGrid::new(data, params.cell)?;
    let points = data.points();
    let h = params.bandwidth.resolve(&points).map_err(refused)?;
    let intensity =
        kde(&points, &grid.spec, params.kernel, h, Scale::Intensity).map_err(refused)?;
    let (counts, outside) = counts_on(&grid, data)?;
    let cells = grid
        .cells
        .iter()
        .map(|&i| GridCell {
            intensity_per_km2: Some(intensity[i] * 1e6),
            ..cell(&grid, i, counts[i])
        })
        .collect();
    Ok(GridLayer {
        events: points.len(),
        outside,
        bandwidth: Some(h),
        cells,
        grid,
    })
}

/// Gi* hot spots of the event counts on the study grid's cells.
pub fn hotspot_layer(
    data: &AnalysisData,
    cell_size: f64,
    weights: WeightsSpec,
) -> Result<GridLayer> {
    let grid = StudyGrid::new(data, cell_size)?;
    let (counts, outside) = counts_on(&grid, data)?;
    let w = grid.weights(weights)?;
    let values: Vec<f64> = grid.cells.iter().map(|&i| f64::from(counts[i])).collect();
    let gi = gi_star(&values, &w).map_err(refused)?;
    let cells = grid
        .cells
        .iter()
        .enumerate()
        .map(|(u, &i)| GridCell {
            z: Some(gi.z[u]),
            p_value: Some(gi.p_value[u]),
            q_value: Some(gi.q_value[u]),
            class: Some(gi.class[u].bin()),
            class_fdr: Some(gi.class_fdr[u].bin()),
            ..cell(&grid, i, counts[i])
        })
        .collect();
    Ok(GridLayer {
        events: data.events.len(),
        outside,
        bandwidth: None,
        cells,
        grid,
    })
}

/// How many cells fall in each class (for summaries).
pub fn class_counts(classes: impl Iterator<Item = i8>) -> [usize; 7] {
    let mut out = [0; 7];
    for c in classes {
        out[(c + 3) as usize] += 1;
    }
    out
}
