//! Gi* on area counts (cuadrantes or barrios): contiguity from the store's polygons.
//!
//! * **queen**: two areas are neighbours when their polygons touch or overlap — share an edge
//!   or only a point (`geo::Intersects`);
//! * **rook**: when their boundaries share a stretch of at least [`ROOK_MIN_SHARED_M`] metres
//!   (collinear overlapping segments within [`ROOK_TOLERANCE_M`]), so a corner is not enough;
//! * **distance:M** and **knn:K**: between the areas' centroids in the plane.

use atalaya_analysis::{Point, SpatialWeights, gi_star};
use atalaya_model::AreaKind;
use geo::{BoundingRect, Centroid, Intersects, MapCoords, MultiPolygon};
use serde::Serialize;

use super::plane::LocalPlane;
use super::{WeightsSpec, refused};
use crate::{Error, Result, Workspace};

/// Shared boundary length that makes two areas rook neighbours, metres.
pub const ROOK_MIN_SHARED_M: f64 = 1.0;
/// How far apart two boundary segments may lie and still count as shared, metres.
pub const ROOK_TOLERANCE_M: f64 = 0.5;

/// Which areas to count by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AreaLevel {
    /// Police quadrants.
    Cuadrante,
    /// Neighbourhoods.
    Barrio,
}

impl std::str::FromStr for AreaLevel {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s {
            "cuadrante" => Ok(Self::Cuadrante),
            "barrio" => Ok(Self::Barrio),
            _ => Err(Error::invalid("--areas", s, "cuadrante or barrio")),
        }
    }
}

impl AreaLevel {
    fn kind(self) -> AreaKind {
        match self {
            Self::Cuadrante => AreaKind::Cuadrante,
            Self::Barrio => AreaKind::Barrio,
        }
    }

    fn column(self) -> &'static str {
        match self {
            Self::Cuadrante => "cuadrante",
            Self::Barrio => "barrio",
        }
    }
}

/// One area's Gi*.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AreaHotSpot {
    /// Area code.
    pub code: String,
    /// Display name.
    pub name: String,
    /// Incidents in it.
    pub count: u64,
    /// Neighbour codes.
    pub neighbours: Vec<String>,
    /// z-score.
    pub z: f64,
    /// Two-sided p-value.
    pub p_value: f64,
    /// FDR q-value.
    pub q_value: f64,
    /// Class −3 … 3 from the p-value.
    pub class: i8,
    /// Class from the q-value.
    pub class_fdr: i8,
    /// Its outline in WGS84.
    #[serde(skip)]
    pub geometry: MultiPolygon<f64>,
}

/// Gi* over areas.
#[derive(Debug, Clone, Serialize)]
pub struct AreaHotSpots {
    /// `cuadrante` or `barrio`.
    pub level: &'static str,
    /// Incidents counted (those with an area of this level).
    pub events: u64,
    /// One entry per area, by code.
    pub areas: Vec<AreaHotSpot>,
}

/// Neighbour lists of polygons in a plane (metres).
pub fn contiguity(shapes: &[MultiPolygon<f64>], spec: WeightsSpec) -> Result<SpatialWeights> {
    let centroids: Vec<Point> = shapes
        .iter()
        .map(|s| {
            s.centroid()
                .map_or(Point::new(0.0, 0.0), |c| Point::new(c.x(), c.y()))
        })
        .collect();
    let touching = |a: usize, b: usize| -> bool {
        let (Some(ra), Some(rb)) = (shapes[a].bounding_rect(), shapes[b].bounding_rect()) else {
            return false;
        };
        ra.intersects(&rb) && shapes[a].intersects(&shapes[b])
    };
    let lists: Vec<Vec<usize>> = match spec {
        WeightsSpec::Distance(m) => {
            return SpatialWeights::distance_band(&centroids, m).map_err(refused);
        }
        WeightsSpec::Knn(k) => return SpatialWeights::k_nearest(&centroids, k).map_err(refused),
        WeightsSpec::Queen => (0..shapes.len())
            .map(|a| {
                (0..shapes.len())
                    .filter(|&b| b != a && touching(a, b))
                    .collect()
            })
            .collect(),
        WeightsSpec::Rook => (0..shapes.len())
            .map(|a| {
                (0..shapes.len())
                    .filter(|&b| {
                        b != a
                            && touching(a, b)
                            && shared_length(&shapes[a], &shapes[b]) >= ROOK_MIN_SHARED_M
                    })
                    .collect()
            })
            .collect(),
    };
    SpatialWeights::from_adjacency(&lists).map_err(refused)
}

/// Total length of boundary the two shapes share (collinear overlapping segments).
fn shared_length(a: &MultiPolygon<f64>, b: &MultiPolygon<f64>) -> f64 {
    let segments = |m: &MultiPolygon<f64>| -> Vec<[(f64, f64); 2]> {
        m.0.iter()
            .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
            .flat_map(|ring| {
                ring.lines()
                    .map(|l| [(l.start.x, l.start.y), (l.end.x, l.end.y)])
            })
            .collect()
    };
    let (sa, sb) = (segments(a), segments(b));
    let mut total = 0.0;
    for [p, q] in &sa {
        let (dx, dy) = (q.0 - p.0, q.1 - p.1);
        let len = dx.hypot(dy);
        if len == 0.0 {
            continue;
        }
        let (ux, uy) = (dx / len, dy / len);
        for [r, s] in &sb {
            // Both ends of the other segment near this segment's line…
            let off = |pt: &(f64, f64)| ((pt.0 - p.0) * uy - (pt.1 - p.1) * ux).abs();
            if off(r) > ROOK_TOLERANCE_M || off(s) > ROOK_TOLERANCE_M {
                continue;
            }
            // …and the overlap of their projections on it.
            let along = |pt: &(f64, f64)| (pt.0 - p.0) * ux + (pt.1 - p.1) * uy;
            let (t0, t1) = (along(r).min(along(s)), along(r).max(along(s)));
            total += (t1.min(len) - t0.max(0.0)).max(0.0);
        }
    }
    total
}

impl Workspace {
    /// Gi* of the filtered incidents counted by cuadrante or barrio, with weights from the
    /// areas' polygons.
    pub fn area_hotspots(
        &self,
        args: &crate::FilterArgs,
        level: AreaLevel,
        weights: WeightsSpec,
    ) -> Result<AreaHotSpots> {
        let filter = self.parse_filter(args)?;
        let mut areas: Vec<_> = self
            .store
            .area_shapes()?
            .into_iter()
            .filter(|a| a.kind == level.kind())
            .collect();
        areas.sort_by(|a, b| a.code.cmp(&b.code));
        if areas.len() < 2 {
            return Err(Error::invalid(
                "--areas",
                level.column(),
                format!(
                    "a level with at least two areas in this store (it has {})",
                    areas.len()
                ),
            ));
        }
        let counts = self.store.count_by(&filter, level.column())?;
        let count_of = |code: &str| counts.iter().find(|k| k.key == code).map_or(0, |k| k.count);
        let centre = areas
            .iter()
            .filter_map(|a| a.geometry.bounding_rect())
            .map(|r| r.center())
            .fold((0.0, 0.0, 0.0), |(x, y, n), c| (x + c.x, y + c.y, n + 1.0));
        let plane = LocalPlane::centred_on(centre.0 / centre.2, centre.1 / centre.2);
        let projected: Vec<MultiPolygon<f64>> = areas
            .iter()
            .map(|a| {
                a.geometry.map_coords(|c| {
                    let (x, y) = plane.project(c.x, c.y);
                    geo::coord! { x: x, y: y }
                })
            })
            .collect();
        let w = contiguity(&projected, weights)?;
        let values: Vec<f64> = areas.iter().map(|a| count_of(&a.code) as f64).collect();
        let gi = gi_star(&values, &w).map_err(refused)?;
        let out = areas
            .iter()
            .enumerate()
            .map(|(i, a)| AreaHotSpot {
                code: a.code.clone(),
                name: a.name.clone(),
                count: values[i] as u64,
                neighbours: w
                    .neighbours(i)
                    .iter()
                    .map(|&j| areas[j as usize].code.clone())
                    .collect(),
                z: gi.z[i],
                p_value: gi.p_value[i],
                q_value: gi.q_value[i],
                class: gi.class[i].bin(),
                class_fdr: gi.class_fdr[i].bin(),
                geometry: a.geometry.clone(),
            })
            .collect();
        Ok(AreaHotSpots {
            level: level.column(),
            events: values.iter().sum::<f64>() as u64,
            areas: out,
        })
    }
}
