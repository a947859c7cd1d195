//! A uniform bucket grid over points: the spatial index behind pair counting, distance bands
//! and nearest neighbours (each query looks only at the buckets its radius can reach).

use crate::point::Point;

/// Points sorted into square buckets of side `cell`, stored bucket by bucket (compressed rows)
/// so that neighbouring points sit close in memory.
pub(crate) struct Buckets {
    x0: f64,
    y0: f64,
    cell: f64,
    nx: usize,
    ny: usize,
    /// `start[b]..start[b + 1]` are the entries of bucket `b = by * nx + bx` in `sorted`.
    start: Vec<usize>,
    /// Points in bucket order, with their index in the caller's slice.
    sorted: Vec<(Point, u32)>,
}

impl Buckets {
    /// Buckets of side at least `min_cell`, and large enough that there are about
    /// `per_bucket` points per bucket on average and never more buckets than ~4n along a line.
    /// Points must be finite (checked by the callers).
    pub(crate) fn new(points: &[Point], min_cell: f64, per_bucket: f64) -> Self {
        let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        for p in points {
            x0 = x0.min(p.x);
            y0 = y0.min(p.y);
            x1 = x1.max(p.x);
            y1 = y1.max(p.y);
        }
        if points.is_empty() {
            (x0, y0, x1, y1) = (0.0, 0.0, 0.0, 0.0);
        }
        let (w, h) = (x1 - x0, y1 - y0);
        let n = points.len().max(1) as f64;
        let by_area = (w * h * per_bucket / n).sqrt();
        let by_line = w.max(h) / (n / per_bucket + 1.0);
        let mut cell = min_cell.max(by_area).max(by_line);
        if !(cell > 0.0 && cell.is_finite()) {
            cell = 1.0;
        }
        let nx = (w / cell) as usize + 1;
        let ny = (h / cell) as usize + 1;
        let mut buckets = Self {
            x0,
            y0,
            cell,
            nx,
            ny,
            start: vec![0; nx * ny + 1],
            sorted: Vec::with_capacity(points.len()),
        };
        buckets.fill(points);
        buckets
    }

    /// Counting sort of the points into their buckets.
    fn fill(&mut self, points: &[Point]) {
        let keys: Vec<usize> = points.iter().map(|&p| self.bucket_of(p)).collect();
        for &k in &keys {
            self.start[k + 1] += 1;
        }
        for b in 0..self.nx * self.ny {
            self.start[b + 1] += self.start[b];
        }
        let mut next = self.start.clone();
        self.sorted = vec![(Point::new(0.0, 0.0), 0); points.len()];
        for (i, (&p, &k)) in points.iter().zip(&keys).enumerate() {
            // Indices fit in u32: callers reject more than u32::MAX points.
            self.sorted[next[k]] = (p, i as u32);
            next[k] += 1;
        }
    }

    fn column_row(&self, p: Point) -> (usize, usize) {
        let bx = (((p.x - self.x0) / self.cell) as usize).min(self.nx - 1);
        let by = (((p.y - self.y0) / self.cell) as usize).min(self.ny - 1);
        (bx, by)
    }

    fn bucket_of(&self, p: Point) -> usize {
        let (bx, by) = self.column_row(p);
        by * self.nx + bx
    }

    fn slots(&self, bx: usize, by: usize) -> std::ops::Range<usize> {
        let b = by * self.nx + bx;
        self.start[b]..self.start[b + 1]
    }

    fn entries(&self, bx: usize, by: usize) -> &[(Point, u32)] {
        &self.sorted[self.slots(bx, by)]
    }

    /// Calls `f(i, j, d²)` once for every unordered pair of points at distance ≤ `r`
    /// (`d² ≤ r²`), `i` and `j` being indices into the caller's slice. Needs `r ≤` the bucket
    /// side, so only adjacent buckets can hold a partner.
    pub(crate) fn for_each_close_pair(&self, r: f64, mut f: impl FnMut(u32, u32, f64)) {
        self.for_each_close_slot_pair(r, |a, b, d2| {
            f(self.sorted[a as usize].1, self.sorted[b as usize].1, d2)
        });
    }

    /// The caller's index of the point in each slot (slots are bucket order).
    pub(crate) fn slot_indices(&self) -> Vec<u32> {
        self.sorted.iter().map(|&(_, i)| i).collect()
    }

    /// [`Self::for_each_close_pair`] naming the points by slot: neighbouring points have nearby
    /// slots, so arrays indexed by slot are read almost in order. Calls come grouped by the
    /// first slot `a`, in ascending `a`.
    pub(crate) fn for_each_close_slot_pair(&self, r: f64, mut f: impl FnMut(u32, u32, f64)) {
        debug_assert!(r <= self.cell);
        let r2 = r * r;
        // The bucket itself (later slots only) and the four "forward" neighbours: each pair of
        // buckets is visited once.
        const FORWARD: [(isize, isize); 4] = [(1, 0), (-1, 1), (0, 1), (1, 1)];
        for by in 0..self.ny {
            for bx in 0..self.nx {
                let here = self.slots(bx, by);
                let forward = FORWARD.iter().filter_map(|&(dx, dy)| {
                    let cx = bx.checked_add_signed(dx).filter(|&c| c < self.nx)?;
                    let cy = by.checked_add_signed(dy).filter(|&c| c < self.ny)?;
                    Some(self.slots(cx, cy))
                });
                let forward: Vec<std::ops::Range<usize>> = forward.collect();
                for a in here.clone() {
                    let p = self.sorted[a].0;
                    let later = std::iter::once(a + 1..here.end).chain(forward.iter().cloned());
                    for b in later.flatten() {
                        let d2 = p.distance_squared(self.sorted[b].0);
                        if d2 <= r2 {
                            f(a as u32, b as u32, d2);
                        }
                    }
                }
            }
        }
    }

    /// The `k` points nearest to point `i` (at `p`), itself excluded, as `(d², j)` sorted by
    /// distance then index (so ties resolve to the lower index). Needs `k < n`.
    pub(crate) fn nearest(&self, p: Point, i: u32, k: usize, out: &mut Vec<(f64, u32)>) {
        out.clear();
        let (bx, by) = self.column_row(p);
        let max_ring = self.nx.max(self.ny);
        for ring in 0..=max_ring {
            self.visit_ring(bx, by, ring, |q, j| {
                if j != i {
                    out.push((p.distance_squared(q), j));
                }
            });
            if out.len() < k {
                continue;
            }
            out.sort_unstable_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            // Everything outside rings 0..=ring is at least ring·cell away; stop when the k-th
            // distance is strictly smaller (a tie outside could otherwise win on index).
            let bound = ring as f64 * self.cell;
            if out[k - 1].0 < bound * bound {
                break;
            }
        }
        out.sort_unstable_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        out.truncate(k);
    }

    /// Visits the buckets at Chebyshev distance exactly `ring` from `(bx, by)`.
    fn visit_ring(&self, bx: usize, by: usize, ring: usize, mut f: impl FnMut(Point, u32)) {
        let (bx, by, ring) = (bx as isize, by as isize, ring as isize);
        for cy in by - ring..=by + ring {
            if cy < 0 || cy >= self.ny as isize {
                continue;
            }
            let edge_row = cy == by - ring || cy == by + ring;
            let step = if edge_row || ring == 0 { 1 } else { 2 * ring };
            let mut cx = bx - ring;
            while cx <= bx + ring {
                if cx >= 0 && cx < self.nx as isize {
                    for &(q, j) in self.entries(cx as usize, cy as usize) {
                        f(q, j);
                    }
                }
                cx += step;
            }
        }
    }
}
