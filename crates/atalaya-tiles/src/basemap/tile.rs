//! Cutting features into one vector tile: Web Mercator projection, the tile's window with a
//! buffer around it (the MVT encoder clips segments to it and clamps what lies beyond), and
//! the encoding of each layer.

use geo::orient::{Direction, Orient};
use geo::{BoundingRect, LineString, MultiPolygon, Point, Rect};
use mvt::{GeomData, GeomEncoder, GeomType, Tile};
use pointy::BBox;

/// Tile coordinates per side (the MVT default).
const EXTENT: u32 = 4096;
/// How far beyond its edges a tile keeps geometry, in tile units: wide enough that line
/// joins, casings and labels at the edge draw without seams.
const BUFFER: f64 = 256.0;
/// Layers in drawing order.
const LAYERS: [&str; 3] = ["areas", "area_labels", "streets"];

/// A geometry in WGS84.
#[derive(Clone, Debug)]
pub(super) enum Shape {
    Point(Point<f64>),
    Line(LineString<f64>),
    Polygons(MultiPolygon<f64>),
}

/// A feature of one layer, projected once to world coordinates (`0..1` both ways, y down).
#[derive(Debug)]
pub(super) struct Feature {
    layer: &'static str,
    kind: GeomType,
    props: Vec<(&'static str, String)>,
    lonlat: Option<Rect<f64>>,
    /// Points (one part), line parts, or rings (exteriors clockwise once y points down).
    parts: Vec<Vec<(f64, f64)>>,
    /// `[min_x, min_y, max_x, max_y]` of `parts`.
    world: [f64; 4],
}

impl Feature {
    pub(super) fn new(
        layer: &'static str,
        shape: Shape,
        props: Vec<(&'static str, String)>,
    ) -> Self {
        let lonlat = match &shape {
            Shape::Point(p) => p.bounding_rect().into(),
            Shape::Line(l) => l.bounding_rect(),
            Shape::Polygons(m) => m.bounding_rect(),
        };
        let project = |l: &LineString<f64>| l.coords().map(|c| world(c.x, c.y)).collect::<Vec<_>>();
        let (kind, parts) = match shape {
            Shape::Point(p) => (GeomType::Point, vec![vec![world(p.x(), p.y())]]),
            Shape::Line(l) => (GeomType::Linestring, vec![project(&l)]),
            Shape::Polygons(m) => {
                // MVT wants exteriors with a positive surveyor's area in tile space (y down),
                // i.e. clockwise as seen on a north-up map: so clockwise in lon/lat too.
                let rings = m
                    .orient(Direction::Reversed)
                    .0
                    .iter()
                    .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
                    .map(|ring| {
                        let mut points = project(ring);
                        points.pop(); // the closing point repeats the first
                        points
                    })
                    .collect();
                (GeomType::Polygon, rings)
            }
        };
        let mut bounds = [
            f64::INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
        ];
        for &(x, y) in parts.iter().flatten() {
            bounds = [
                bounds[0].min(x),
                bounds[1].min(y),
                bounds[2].max(x),
                bounds[3].max(y),
            ];
        }
        Self {
            layer,
            kind,
            props,
            lonlat,
            parts,
            world: bounds,
        }
    }

    pub(super) fn lonlat_bounds(&self) -> Option<Rect<f64>> {
        self.lonlat
    }
}

/// Web Mercator: lon/lat to `0..1` across the world, y growing southwards.
fn world(lon: f64, lat: f64) -> (f64, f64) {
    let lat = lat.clamp(-85.051_128, 85.051_128).to_radians();
    let x = (lon + 180.0) / 360.0;
    let y = (1.0 - (lat.tan() + 1.0 / lat.cos()).ln() / std::f64::consts::PI) / 2.0;
    (x, y)
}

/// The tiles of zoom `z` that cover `bounds` (lon/lat), row by row.
pub(super) fn covering(bounds: Rect<f64>, z: u8) -> impl Iterator<Item = (u32, u32)> {
    let n = f64::from(1u32 << z);
    let last = (1u32 << z) - 1;
    let cell = |v: f64| ((v * n).floor().max(0.0) as u32).min(last);
    let (x0, y0) = world(bounds.min().x, bounds.max().y);
    let (x1, y1) = world(bounds.max().x, bounds.min().y);
    let (x0, x1, y0, y1) = (cell(x0), cell(x1), cell(y0), cell(y1));
    (y0..=y1).flat_map(move |y| (x0..=x1).map(move |x| (x, y)))
}

/// Cuts features into tiles.
pub(super) struct TileCutter<'a> {
    features: &'a [Feature],
}

impl<'a> TileCutter<'a> {
    pub(super) fn new(features: &'a [Feature]) -> Self {
        Self { features }
    }

    /// The MVT bytes of tile `z/x/y`, or `None` when nothing falls in it.
    pub(super) fn cut(&self, z: u8, x: u32, y: u32) -> Result<Option<Vec<u8>>, mvt::Error> {
        let n = f64::from(1u32 << z);
        let pad = BUFFER / f64::from(EXTENT);
        let window = [
            (f64::from(x) - pad) / n,
            (f64::from(y) - pad) / n,
            (f64::from(x) + 1.0 + pad) / n,
            (f64::from(y) + 1.0 + pad) / n,
        ];
        let local = |(wx, wy): (f64, f64)| {
            (
                (wx * n - f64::from(x)) * f64::from(EXTENT),
                (wy * n - f64::from(y)) * f64::from(EXTENT),
            )
        };
        let mut tile = Tile::new(EXTENT);
        for name in LAYERS {
            let mut layer = tile.create_layer(name);
            let mut count = 0;
            for (i, feature) in self.features.iter().enumerate() {
                if feature.layer != name || !overlaps(feature.world, window) {
                    continue;
                }
                let Some(geometry) = encode(feature, local)? else {
                    continue;
                };
                let mut out = layer.into_feature(geometry);
                out.set_id(i as u64 + 1);
                for (key, value) in &feature.props {
                    out.add_tag_string(key, value);
                }
                layer = out.into_layer();
                count += 1;
            }
            if count > 0 {
                tile.add_layer(layer)?;
            }
        }
        if tile.num_layers() == 0 {
            return Ok(None);
        }
        tile.to_bytes().map(Some)
    }
}

fn overlaps(a: [f64; 4], b: [f64; 4]) -> bool {
    a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3]
}

/// One feature's geometry in tile `local` coordinates; `None` if nothing of it is left (a label
/// point belongs only to the tile that contains it, so it is never drawn twice).
fn encode(
    feature: &Feature,
    local: impl Fn((f64, f64)) -> (f64, f64),
) -> Result<Option<GeomData>, mvt::Error> {
    let (lo, hi) = (-BUFFER, f64::from(EXTENT) + BUFFER);
    let mut encoder = GeomEncoder::new(feature.kind).bbox(BBox::new([(lo, lo), (hi, hi)]));
    for part in &feature.parts {
        for &point in part {
            let (px, py) = local(point);
            let inside = |v: f64| (0.0..f64::from(EXTENT)).contains(&v);
            if feature.kind == GeomType::Point && !(inside(px) && inside(py)) {
                return Ok(None);
            }
            encoder.add_point(px, py)?;
        }
        encoder.complete_geom()?;
    }
    let data = encoder.encode()?;
    // A line needs a move and a line-to (6 integers), a ring also its close (7 at least).
    let least = match feature.kind {
        GeomType::Point => 3,
        GeomType::Linestring => 6,
        GeomType::Polygon => 7,
    };
    Ok((data.len() >= least).then_some(data))
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::polygon;

    /// The surveyor's formula in tile space (y down): positive for an MVT exterior ring.
    fn area(ring: &[(f64, f64)]) -> f64 {
        let next = ring.iter().cycle().skip(1);
        ring.iter()
            .zip(next)
            .map(|((x0, y0), (x1, y1))| x0 * y1 - x1 * y0)
            .sum::<f64>()
            / 2.0
    }

    #[test]
    fn given_a_polygon_either_way_round_then_its_exterior_has_positive_area_and_its_hole_negative()
    {
        let ccw = polygon![
            exterior: [(x: 0.0, y: 0.0), (x: 1.0, y: 0.0), (x: 1.0, y: 1.0), (x: 0.0, y: 1.0)],
            interiors: [[(x: 0.2, y: 0.2), (x: 0.2, y: 0.8), (x: 0.8, y: 0.8), (x: 0.8, y: 0.2)]],
        ];
        let mut cw = ccw.clone();
        cw.exterior_mut(|e| e.0.reverse());
        for polygon in [ccw, cw] {
            let f = Feature::new(
                "areas",
                Shape::Polygons(MultiPolygon(vec![polygon])),
                vec![],
            );
            assert_eq!(f.parts.len(), 2);
            assert_eq!(f.parts[0].len(), 4, "the closing point is dropped");
            assert!(area(&f.parts[0]) > 0.0);
            assert!(area(&f.parts[1]) < 0.0);
        }
    }

    #[test]
    fn given_a_box_then_the_covering_tiles_are_the_ones_it_touches() {
        let b = Rect::new(
            geo::coord! { x: -70.62, y: -33.44 },
            geo::coord! { x: -70.60, y: -33.41 },
        );
        // By hand: x = (180 - 70.62) / 360 * 2^11 = 622.25; y(-33.41) = 1225.8, y(-33.44) = 1226.1.
        let tiles: Vec<_> = covering(b, 11).collect();
        assert_eq!(tiles, [(622, 1225), (622, 1226)]);
    }
}
