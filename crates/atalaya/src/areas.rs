//! Point-in-polygon against the store's areas: the comuna boundary decides in or out, then the
//! containing cuadrante and barrio are assigned. Shapes are loaded once per import and tested
//! behind a bounding-box prefilter.

use atalaya_model::{Area, AreaKind, GeoPoint};
use geo::{BoundingRect, Intersects, MultiPolygon, Point, Rect};

use crate::Result;
use crate::Workspace;

struct Shape {
    code: String,
    bbox: Rect<f64>,
    geometry: MultiPolygon<f64>,
}

impl Shape {
    fn covers(&self, p: Point<f64>) -> bool {
        let (min, max) = (self.bbox.min(), self.bbox.max());
        // Boundaries count as inside (a point on a shared edge still gets an area).
        p.x() >= min.x
            && p.x() <= max.x
            && p.y() >= min.y
            && p.y() <= max.y
            && self.geometry.intersects(&p)
    }
}

/// Where a point falls.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Placement {
    /// Inside the comuna, with its cuadrante and barrio (if any contains it).
    Inside {
        /// Cuadrante code.
        cuadrante: Option<String>,
        /// Barrio code.
        barrio: Option<String>,
    },
    /// Outside the comuna boundary.
    Outside,
    /// The store has no comuna boundary to test against.
    Unknown,
}

/// The store's areas, ready for point-in-polygon.
pub struct AreaIndex {
    comuna: Vec<Shape>,
    cuadrantes: Vec<Shape>,
    barrios: Vec<Shape>,
    /// The comuna's display name.
    pub comuna_name: String,
}

impl AreaIndex {
    /// Build from areas.
    pub fn new(areas: Vec<Area>) -> Self {
        let mut index = Self {
            comuna: vec![],
            cuadrantes: vec![],
            barrios: vec![],
            comuna_name: String::new(),
        };
        for a in areas {
            let Some(bbox) = a.geometry.bounding_rect() else {
                continue;
            };
            let kind = a.kind;
            if kind == AreaKind::Comuna && index.comuna_name.is_empty() {
                index.comuna_name = a.name.clone();
            }
            let shape = Shape {
                code: a.code,
                bbox,
                geometry: a.geometry,
            };
            match kind {
                AreaKind::Comuna => index.comuna.push(shape),
                AreaKind::Cuadrante => index.cuadrantes.push(shape),
                AreaKind::Barrio => index.barrios.push(shape),
            }
        }
        index
    }

    /// Whether there is a boundary to test against.
    pub fn has_boundary(&self) -> bool {
        !self.comuna.is_empty()
    }

    /// Place a point.
    pub fn place(&self, p: GeoPoint) -> Placement {
        if self.comuna.is_empty() {
            return Placement::Unknown;
        }
        let pt = Point::new(p.lon, p.lat);
        if !self.comuna.iter().any(|s| s.covers(pt)) {
            return Placement::Outside;
        }
        let first = |shapes: &[Shape]| shapes.iter().find(|s| s.covers(pt)).map(|s| s.code.clone());
        Placement::Inside {
            cuadrante: first(&self.cuadrantes),
            barrio: first(&self.barrios),
        }
    }
}

impl Workspace {
    /// The store's areas as a point-in-polygon index.
    pub fn area_index(&self) -> Result<AreaIndex> {
        Ok(AreaIndex::new(self.store.area_shapes()?))
    }

    /// The store's streets as a gazetteer, to place rows that give an address instead of
    /// coordinates (empty when the store has no streets: every such row then fails to place).
    pub fn gazetteer(&self) -> Result<std::sync::Arc<atalaya_ingest::geocode::Gazetteer>> {
        Ok(std::sync::Arc::new(
            atalaya_ingest::geocode::Gazetteer::new(&self.store.streets()?),
        ))
    }
}
