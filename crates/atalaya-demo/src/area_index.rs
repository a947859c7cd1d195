//! Fast point-in-polygon over a set of non-overlapping areas: a uniform grid, precomputed.
//!
//! Each grid cell is classified once: no area edge touches it and it lies inside one area
//! (answered without any geometry), outside every area, or *mixed* (an edge crosses it: the
//! areas listed for it are tested exactly). With 256×256 cells over the comuna only a few per
//! cent of points reach the exact test, which keeps a million lookups well under a second.

use atalaya_model::GeoPoint;
use geo::{BoundingRect, Contains, Coord, Intersects, MultiPolygon, Point, Rect};

const RESOLUTION: usize = 256;

#[derive(Clone, Copy, Debug)]
enum Cell {
    Outside,
    Inside(u16),
    Mixed { start: u32, len: u32 },
}

/// A point-in-polygon index over areas that do not overlap (a tiling, or a single area).
#[derive(Clone)]
pub(crate) struct AreaIndex {
    shapes: Vec<MultiPolygon<f64>>,
    min: Coord<f64>,
    cell: Coord<f64>,
    cells: Vec<Cell>,
    candidates: Vec<u16>,
}

impl AreaIndex {
    /// Index `shapes` (at most 65,535). Positions returned by lookups are indexes into it.
    pub(crate) fn new(shapes: Vec<MultiPolygon<f64>>) -> Self {
        let rects: Vec<Rect<f64>> = shapes
            .iter()
            .filter_map(BoundingRect::bounding_rect)
            .collect();
        assert!(
            rects.len() == shapes.len() && shapes.len() < usize::from(u16::MAX),
            "areas need a shape"
        );
        let min = Coord {
            x: fold(&rects, f64::min, |r| r.min().x),
            y: fold(&rects, f64::min, |r| r.min().y),
        };
        let max = Coord {
            x: fold(&rects, f64::max, |r| r.max().x),
            y: fold(&rects, f64::max, |r| r.max().y),
        };
        let cell = Coord {
            x: (max.x - min.x) / RESOLUTION as f64,
            y: (max.y - min.y) / RESOLUTION as f64,
        };
        let mut index = Self {
            shapes,
            min,
            cell,
            cells: Vec::new(),
            candidates: Vec::new(),
        };
        let touched = index.cells_touched_by_edges();
        for (i, touching) in touched.into_iter().enumerate() {
            let centre = index.cell_rect(i).center();
            let mut owners: Vec<u16> = (0..index.shapes.len())
                .filter(|&a| rects[a].intersects(&centre) && index.shapes[a].contains(&centre))
                .map(|a| a as u16)
                .collect();
            let cell = if touching.is_empty() && owners.len() <= 1 {
                owners.first().map_or(Cell::Outside, |&a| Cell::Inside(a))
            } else {
                owners.extend(touching);
                owners.sort_unstable();
                owners.dedup();
                let start = index.candidates.len() as u32;
                index.candidates.extend(&owners);
                Cell::Mixed {
                    start,
                    len: owners.len() as u32,
                }
            };
            index.cells.push(cell);
        }
        index
    }

    /// The area whose interior holds `p`, if any.
    pub(crate) fn find(&self, p: GeoPoint) -> Option<usize> {
        let point = Point::new(p.lon, p.lat);
        match self.cell_at(p)? {
            Cell::Outside => None,
            Cell::Inside(a) => Some(usize::from(a)),
            Cell::Mixed { .. } => self
                .cell_candidates(p)
                .find(|&a| self.shapes[a].contains(&point)),
        }
    }

    /// Like [`Self::find`], but a point on an edge goes to the first area it touches.
    pub(crate) fn find_or_touching(&self, p: GeoPoint) -> Option<usize> {
        let point = Point::new(p.lon, p.lat);
        self.find(p).or_else(|| {
            self.cell_candidates(p)
                .find(|&a| self.shapes[a].intersects(&point))
        })
    }

    fn cell_candidates(&self, p: GeoPoint) -> impl Iterator<Item = usize> + '_ {
        let list: &[u16] = match self.cell_at(p) {
            Some(Cell::Mixed { start, len }) => {
                &self.candidates[start as usize..(start + len) as usize]
            }
            _ => &[],
        };
        list.iter().map(|&a| usize::from(a))
    }

    fn cell_at(&self, p: GeoPoint) -> Option<Cell> {
        let fx = (p.lon - self.min.x) / self.cell.x;
        let fy = (p.lat - self.min.y) / self.cell.y;
        if !(0.0..RESOLUTION as f64).contains(&fx) || !(0.0..RESOLUTION as f64).contains(&fy) {
            return None;
        }
        Some(self.cells[fy as usize * RESOLUTION + fx as usize])
    }

    fn cell_rect(&self, i: usize) -> Rect<f64> {
        let (ix, iy) = ((i % RESOLUTION) as f64, (i / RESOLUTION) as f64);
        let a = Coord {
            x: self.min.x + ix * self.cell.x,
            y: self.min.y + iy * self.cell.y,
        };
        Rect::new(
            a,
            Coord {
                x: a.x + self.cell.x,
                y: a.y + self.cell.y,
            },
        )
    }

    /// For every cell, the areas with an edge crossing or touching it (slightly enlarged, so
    /// rounding can only add candidates, never lose one).
    fn cells_touched_by_edges(&self) -> Vec<Vec<u16>> {
        let mut touched = vec![Vec::new(); RESOLUTION * RESOLUTION];
        let margin = Coord {
            x: self.cell.x * 1e-3,
            y: self.cell.y * 1e-3,
        };
        for (a, shape) in self.shapes.iter().enumerate() {
            let rings = shape
                .iter()
                .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()));
            for line in rings.flat_map(|r| r.lines()) {
                let (x0, x1) = self.span(
                    line.start.x.min(line.end.x),
                    line.start.x.max(line.end.x),
                    true,
                );
                let (y0, y1) = self.span(
                    line.start.y.min(line.end.y),
                    line.start.y.max(line.end.y),
                    false,
                );
                for iy in y0..=y1 {
                    for ix in x0..=x1 {
                        let i = iy * RESOLUTION + ix;
                        let r = self.cell_rect(i);
                        if segment_hits_rect(
                            line.start,
                            line.end,
                            r.min() - margin,
                            r.max() + margin,
                        ) && touched[i].last() != Some(&(a as u16))
                        {
                            touched[i].push(a as u16);
                        }
                    }
                }
            }
        }
        touched
    }

    /// Cell range covering `lo..=hi` on one axis, one cell wider each side, clamped.
    fn span(&self, lo: f64, hi: f64, x_axis: bool) -> (usize, usize) {
        let (origin, size) = if x_axis {
            (self.min.x, self.cell.x)
        } else {
            (self.min.y, self.cell.y)
        };
        let clamp = |v: f64| (v.max(0.0) as usize).min(RESOLUTION - 1);
        (
            clamp((lo - origin) / size - 1.0),
            clamp((hi - origin) / size + 1.0),
        )
    }
}

impl std::fmt::Debug for AreaIndex {
    /// A summary: the cells themselves are too many to print.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mixed = self
            .cells
            .iter()
            .filter(|c| matches!(c, Cell::Mixed { .. }))
            .count();
        f.debug_struct("AreaIndex")
            .field("areas", &self.shapes.len())
            .field("grid", &format_args!("{RESOLUTION}x{RESOLUTION}"))
            .field("mixed_cells", &mixed)
            .finish()
    }
}

fn fold(rects: &[Rect<f64>], pick: fn(f64, f64) -> f64, of: fn(&Rect<f64>) -> f64) -> f64 {
    rects.iter().map(of).reduce(pick).unwrap_or(0.0)
}

/// Whether segment `a`–`b` meets the closed rectangle `min`–`max` (Liang–Barsky clipping).
fn segment_hits_rect(a: Coord<f64>, b: Coord<f64>, min: Coord<f64>, max: Coord<f64>) -> bool {
    let d = b - a;
    let (mut t0, mut t1) = (0.0_f64, 1.0_f64);
    for (p, q) in [
        (-d.x, a.x - min.x),
        (d.x, max.x - a.x),
        (-d.y, a.y - min.y),
        (d.y, max.y - a.y),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return false;
            }
        } else {
            let r = q / p;
            if p < 0.0 {
                t0 = t0.max(r);
            } else {
                t1 = t1.min(r);
            }
            if t0 > t1 {
                return false;
            }
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::polygon;

    fn square(x0: f64, y0: f64, size: f64) -> MultiPolygon<f64> {
        let p = polygon![(x: x0, y: y0), (x: x0 + size, y: y0), (x: x0 + size, y: y0 + size), (x: x0, y: y0 + size)];
        MultiPolygon::new(vec![p])
    }

    fn check(index: &AreaIndex, lon: f64, lat: f64, expected: Option<usize>) {
        assert_eq!(
            index.find(GeoPoint { lon, lat }),
            expected,
            "at ({lon}, {lat})"
        );
    }

    #[test]
    fn given_two_touching_squares_and_an_l_shape_when_finding_points_then_each_goes_to_its_owner() {
        let l_shape = MultiPolygon::new(vec![polygon![
            (x: 2.0, y: 0.0), (x: 3.0, y: 0.0), (x: 3.0, y: 2.0), (x: 1.0, y: 2.0), (x: 1.0, y: 1.0), (x: 2.0, y: 1.0)
        ]]);
        let index = AreaIndex::new(vec![square(0.0, 0.0, 1.0), square(1.0, 0.0, 1.0), l_shape]);
        check(&index, 0.5, 0.5, Some(0));
        check(&index, 1.999, 0.999, Some(1));
        check(&index, 2.001, 0.5, Some(2));
        check(&index, 1.5, 1.5, Some(2));
        check(&index, 0.5, 1.5, None);
        check(&index, 5.0, 5.0, None);
        // On the shared edge no interior holds the point; the touching lookup still answers.
        assert_eq!(index.find(GeoPoint { lon: 1.0, lat: 0.5 }), None);
        assert!(
            index
                .find_or_touching(GeoPoint { lon: 1.0, lat: 0.5 })
                .is_some()
        );
    }

    #[test]
    fn given_a_segment_when_tested_against_rects_then_crossing_touching_and_missing_are_told_apart()
    {
        let (min, max) = (Coord { x: 0.0, y: 0.0 }, Coord { x: 1.0, y: 1.0 });
        let cases = [
            ((-1.0, 0.5), (2.0, 0.5), true), // crosses
            ((0.2, 0.2), (0.3, 0.3), true),  // inside
            ((1.0, -1.0), (1.0, 2.0), true), // along the edge
            ((2.0, 0.0), (0.0, 2.0), true),  // touches the corner (1, 1)
            ((1.6, 0.0), (0.0, 3.2), false), // passes the corner by
            ((-1.0, -1.0), (-0.5, 3.0), false),
        ];
        for ((ax, ay), (bx, by), expected) in cases {
            let hit = segment_hits_rect(Coord { x: ax, y: ay }, Coord { x: bx, y: by }, min, max);
            assert_eq!(hit, expected, "({ax},{ay})-({bx},{by})");
        }
    }
}
