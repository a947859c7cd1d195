//! Street addresses: the nearest gazetteer street and a house number read off its numbering.
//!
//! Segments live in an R-tree in the metric frame, so "nearest" is nearest on the ground.
//! The number is interpolated along the street between `number_from` and `number_to`, odd on
//! the left-hand side and even on the right, as in Santiago.

use atalaya_model::{GeoPoint, Street};
use rstar::RTree;
use rstar::primitives::{GeomWithData, Line};

use crate::frame::{Metres, to_metres};

/// Numbers per metre for streets without a numbering (about Santiago's 100 per block).
const NUMBERS_PER_M: f64 = 0.73;
/// Longest segment piece in the R-tree, metres.
const PIECE_M: f64 = 40.0;

type Segment = GeomWithData<Line<Metres>, SegmentAt>;

#[derive(Clone, Copy, Debug)]
struct SegmentAt {
    street: usize,
    /// Distance along the street to the segment's first point, metres.
    start_m: f64,
}

#[derive(Clone, Debug)]
struct Numbering {
    name: String,
    length_m: f64,
    from: f64,
    to: f64,
}

/// Nearest-street lookup over a gazetteer.
#[derive(Clone)]
pub(crate) struct AddressIndex {
    tree: RTree<Segment>,
    streets: Vec<Numbering>,
}

impl std::fmt::Debug for AddressIndex {
    /// A summary: the R-tree is too big to print.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AddressIndex")
            .field("streets", &self.streets.len())
            .field("segments", &self.tree.size())
            .finish()
    }
}

impl AddressIndex {
    /// Index every segment of every street.
    pub(crate) fn new(streets: &[Street]) -> Self {
        let mut segments = Vec::new();
        let mut numbering = Vec::with_capacity(streets.len());
        for (i, street) in streets.iter().enumerate() {
            let mut along = 0.0;
            for pair in street.line.windows(2) {
                let (a, b) = (to_metres(pair[0]), to_metres(pair[1]));
                let len = length(a, b);
                // Short pieces keep the R-tree's boxes small, so nearest-neighbour search
                // prunes well; long diagonal segments would have huge overlapping boxes.
                let pieces = (len / PIECE_M).ceil().max(1.0) as usize;
                let at = |k: usize| {
                    let t = k as f64 / pieces as f64;
                    [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])]
                };
                for k in 0..pieces {
                    let start_m = along + len * k as f64 / pieces as f64;
                    segments.push(Segment::new(
                        Line::new(at(k), at(k + 1)),
                        SegmentAt { street: i, start_m },
                    ));
                }
                along += len;
            }
            let from = f64::from(street.number_from.unwrap_or(1));
            let to = street
                .number_to
                .map_or(from + along * NUMBERS_PER_M, f64::from);
            numbering.push(Numbering {
                name: street.name.clone(),
                length_m: along,
                from,
                to,
            });
        }
        Self {
            tree: RTree::bulk_load(segments),
            streets: numbering,
        }
    }

    /// "Avenida Providencia 1234": the nearest street and the number facing `p`.
    pub(crate) fn address(&self, p: GeoPoint) -> Option<String> {
        let q = to_metres(p);
        let segment = self.tree.nearest_neighbor(&q)?;
        let line = segment.geom();
        let foot = line.nearest_point(&q);
        let street = &self.streets[segment.data.street];
        let along = segment.data.start_m + length(line.from, foot);
        let fraction = if street.length_m > 0.0 {
            (along / street.length_m).clamp(0.0, 1.0)
        } else {
            0.0
        };
        let number = (street.from + fraction * (street.to - street.from))
            .round()
            .max(1.0) as u32;
        let d = [line.to[0] - line.from[0], line.to[1] - line.from[1]];
        let left = d[0] * (q[1] - line.from[1]) - d[1] * (q[0] - line.from[0]) > 0.0;
        let number = if (number % 2 == 1) == left {
            number
        } else {
            number + 1
        };
        Some(format!("{} {}", street.name, number))
    }

    /// Distance in metres from `p` to the nearest street.
    #[cfg(test)]
    pub(crate) fn distance_m(&self, p: GeoPoint) -> Option<f64> {
        let q = to_metres(p);
        self.tree
            .nearest_neighbor(&q)
            .map(|s| rstar::PointDistance::distance_2(s, &q).sqrt())
    }
}

fn length(a: Metres, b: Metres) -> f64 {
    let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
    (dx * dx + dy * dy).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frame::{offset, to_degrees};

    fn street(name: &str, from: [f64; 2], to: [f64; 2], numbers: Option<(u32, u32)>) -> Street {
        Street {
            name: name.into(),
            main_axis: true,
            line: vec![to_degrees(from), to_degrees(to)],
            number_from: numbers.map(|n| n.0),
            number_to: numbers.map(|n| n.1),
        }
    }

    fn check(index: &AddressIndex, east: f64, north: f64, expected: &str) {
        let p = to_degrees([east, north]);
        assert_eq!(
            index.address(p).as_deref(),
            Some(expected),
            "at ({east}, {north}) m"
        );
    }

    #[test]
    fn given_two_streets_when_addressing_points_then_nearest_street_and_side_parity_are_used() {
        // An east-bound street numbered 100..1100 over 1 km, and a north-bound one without numbers.
        let index = AddressIndex::new(&[
            street(
                "Avenida Prueba",
                [0.0, 0.0],
                [1000.0, 0.0],
                Some((100, 1100)),
            ),
            street("Calle Norte", [2000.0, 0.0], [2000.0, 500.0], None),
        ]);
        check(&index, 500.0, 20.0, "Avenida Prueba 601"); // left of an east-bound street: odd
        check(&index, 500.0, -20.0, "Avenida Prueba 600"); // right: even
        check(&index, -50.0, 5.0, "Avenida Prueba 101"); // before the start: first number
        check(&index, 1980.0, 100.0, "Calle Norte 75"); // 1 + 100 m * 0.73 = 74 -> odd side 75
        let d = index
            .distance_m(offset(to_degrees([300.0, 0.0]), 0.0, 40.0))
            .unwrap();
        assert!((d - 40.0).abs() < 1e-6, "{d}");
    }
}
