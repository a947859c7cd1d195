//! A polygon drawn on the map (the lasso): which incident locations it holds.
//!
//! The ring is lon/lat, closed or not (the last point joins the first either way). A point on
//! the outline counts as inside, as a box selection includes its edges, so what the analyst sees
//! under the drawn line is selected. A ring that crosses itself follows the nonzero winding rule
//! (`geo`'s point-in-polygon, with exact orientation predicates). A bounding-box check runs
//! first: most incidents of a city are far from a lasso, and the box rejects them with four
//! comparisons.

use geo::coordinate_position::{CoordPos, CoordinatePosition};
use geo::{Coord, LineString, Polygon};

use crate::{Error, Result};

/// Most vertices a lasso ring may have: a hand-drawn ring has tens; this bounds the cost of
/// testing each incident against it.
pub const MAX_LASSO_VERTICES: usize = 2_000;

/// A validated lasso: the polygon and its bounding box.
#[derive(Debug, Clone)]
pub(crate) struct Lasso {
    polygon: Polygon<f64>,
    /// `[min_lon, min_lat, max_lon, max_lat]`.
    bbox: [f64; 4],
}

impl Lasso {
    /// Checks `ring` and builds the polygon: finite lon/lat, at most [`MAX_LASSO_VERTICES`],
    /// and at least three distinct points (anything less encloses nothing).
    pub(crate) fn new(ring: &[[f64; 2]]) -> Result<Self> {
        let invalid = |why: &str| {
            Error::invalid(
                "lasso",
                format!("{} points ({why})", ring.len()),
                format!("a ring of 3 to {MAX_LASSO_VERTICES} distinct lon/lat points"),
            )
        };
        if ring.len() > MAX_LASSO_VERTICES + 1 {
            return Err(invalid("too many"));
        }
        let valid = |[lon, lat]: [f64; 2]| {
            lon.is_finite()
                && lat.is_finite()
                && (-180.0..=180.0).contains(&lon)
                && (-90.0..=90.0).contains(&lat)
        };
        if !ring.iter().all(|p| valid(*p)) {
            return Err(invalid("a point is not a longitude and latitude"));
        }
        let mut points: Vec<[f64; 2]> = Vec::with_capacity(ring.len());
        for p in ring {
            if points.last() != Some(p) {
                points.push(*p);
            }
        }
        if points.len() > 1 && points.first() == points.last() {
            points.pop();
        }
        if points.len() < 3 {
            return Err(invalid("too few distinct points"));
        }
        let mut bbox = [
            f64::INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
        ];
        for [lon, lat] in &points {
            bbox = [
                bbox[0].min(*lon),
                bbox[1].min(*lat),
                bbox[2].max(*lon),
                bbox[3].max(*lat),
            ];
        }
        let exterior: LineString<f64> =
            points.iter().map(|[x, y]| Coord { x: *x, y: *y }).collect();
        // `Polygon::new` closes the ring.
        Ok(Self {
            polygon: Polygon::new(exterior, Vec::new()),
            bbox,
        })
    }

    /// Whether the point is inside the ring or on its outline.
    pub(crate) fn contains(&self, lon: f64, lat: f64) -> bool {
        let [x0, y0, x1, y1] = self.bbox;
        if !(lon >= x0 && lon <= x1 && lat >= y0 && lat <= y1) {
            return false;
        }
        self.polygon.coordinate_position(&Coord { x: lon, y: lat }) != CoordPos::Outside
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A triangle and a concave "C" (an open notch on the east side), in Providencia.
    const TRIANGLE: &[[f64; 2]] = &[[-70.62, -33.44], [-70.60, -33.44], [-70.61, -33.42]];
    const NOTCHED: &[[f64; 2]] = &[
        [-70.63, -33.44],
        [-70.60, -33.44],
        [-70.60, -33.435],
        [-70.62, -33.435],
        [-70.62, -33.425],
        [-70.60, -33.425],
        [-70.60, -33.42],
        [-70.63, -33.42],
    ];

    fn check(ring: &[[f64; 2]], points: &[([f64; 2], bool)]) {
        let lasso = Lasso::new(ring).unwrap();
        for ([lon, lat], expected) in points {
            assert_eq!(
                lasso.contains(*lon, *lat),
                *expected,
                "({lon}, {lat}) in {ring:?}"
            );
        }
    }

    #[test]
    fn given_a_triangle_points_inside_and_on_its_outline_are_in_and_the_rest_out() {
        check(
            TRIANGLE,
            &[
                ([-70.61, -33.435], true),   // inside
                ([-70.61, -33.44], true),    // on the south edge
                ([-70.62, -33.44], true),    // a vertex
                ([-70.619, -33.421], false), // in the bbox, outside the triangle
                ([-70.61, -33.4401], false), // just south of the edge
                ([-70.70, -33.43], false),   // far away
            ],
        );
    }

    #[test]
    fn given_a_slanted_edge_its_midpoint_is_on_the_outline() {
        // Binary fractions, so the midpoint is exactly on the edge in f64.
        check(
            &[[-70.5, -33.5], [-70.25, -33.5], [-70.5, -33.25]],
            &[
                ([-70.375, -33.375], true),
                ([-70.374, -33.374], false),
                ([-70.376, -33.376], true),
            ],
        );
    }

    #[test]
    fn given_a_concave_ring_the_notch_is_outside_though_inside_the_bbox() {
        check(
            NOTCHED,
            &[
                ([-70.625, -33.43], true),  // the spine of the C
                ([-70.61, -33.4375], true), // the lower arm
                ([-70.61, -33.4225], true), // the upper arm
                ([-70.61, -33.43], false),  // in the notch
                ([-70.62, -33.43], true),   // on the notch's inner edge
            ],
        );
    }

    #[test]
    fn given_a_closed_ring_it_selects_as_the_open_one() {
        let mut closed = TRIANGLE.to_vec();
        closed.push(TRIANGLE[0]);
        check(
            &closed,
            &[([-70.61, -33.435], true), ([-70.619, -33.421], false)],
        );
    }

    #[test]
    fn given_a_ring_with_repeated_points_the_repeats_are_ignored() {
        let ring = [
            TRIANGLE[0],
            TRIANGLE[0],
            TRIANGLE[1],
            TRIANGLE[2],
            TRIANGLE[2],
        ];
        check(&ring, &[([-70.61, -33.435], true)]);
    }

    #[test]
    fn given_fewer_than_three_distinct_points_or_bad_coordinates_the_ring_is_refused() {
        let refused: &[&[[f64; 2]]] = &[
            &[],
            &[[-70.6, -33.4]],
            &[[-70.6, -33.4], [-70.5, -33.4]],
            &[[-70.6, -33.4], [-70.5, -33.4], [-70.6, -33.4]],
            &[[-70.6, -33.4], [f64::NAN, -33.4], [-70.5, -33.3]],
            &[[-70.6, -33.4], [-70.5, -33.4], [-70.5, 95.0]],
        ];
        for ring in refused {
            let err = Lasso::new(ring).unwrap_err();
            assert_eq!(err.code(), "invalid_argument", "{ring:?}");
        }
        let too_many: Vec<[f64; 2]> = (0..=MAX_LASSO_VERTICES + 1)
            .map(|i| {
                let a = i as f64 / 400.0;
                [-70.6 + 0.01 * a.cos(), -33.4 + 0.01 * a.sin()]
            })
            .collect();
        assert!(Lasso::new(&too_many).is_err());
    }
}
