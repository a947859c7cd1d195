//! Pair counting for the Knox test: the pairs close in space found once through a bucket grid,
//! then tallied by temporal band for the observed times and for each permutation of them.

use crate::buckets::Buckets;
use crate::point::{Event, Point};

/// Unordered pairs of events within the largest spatial band, grouped by spatial band, as
/// compressed rows: for band `s`, slot `a`'s partners are
/// `partners[s][offsets[s][a]..offsets[s][a + 1]]`. Events are named by slot (bucket order, see
/// [`Buckets::slot_indices`]) so the time lookups of the permutation loop are almost sequential.
pub(crate) struct SpacePairs {
    offsets: Vec<Vec<usize>>,
    partners: Vec<Vec<u32>>,
    /// The event in each slot.
    pub(crate) slot_event: Vec<u32>,
}

impl SpacePairs {
    /// Pairs at distance ≤ the last limit; a pair goes to the first band `k` with
    /// `d ≤ limits[k]` (compared as `d² ≤ limit²`).
    pub(crate) fn find(events: &[Event], limits: &[f64]) -> Self {
        let points: Vec<Point> = events.iter().map(|e| e.point()).collect();
        let max = *limits.last().expect("band limits are validated non-empty");
        let squared: Vec<f64> = limits.iter().map(|l| l * l).collect();
        let buckets = Buckets::new(&points, max, 1.0);
        let n = events.len();
        let mut offsets = vec![vec![0; n + 1]; limits.len()];
        let mut partners = vec![Vec::new(); limits.len()];
        // Calls come in ascending `a`: close each row as `a` moves past it.
        let mut next_row = 0;
        buckets.for_each_close_slot_pair(max, |a, b, d2| {
            while next_row <= a as usize {
                for (o, p) in offsets.iter_mut().zip(&partners) {
                    o[next_row] = p.len();
                }
                next_row += 1;
            }
            partners[squared.partition_point(|&l2| l2 < d2)].push(b);
        });
        for row in next_row..=n {
            for (o, p) in offsets.iter_mut().zip(&partners) {
                o[row] = p.len();
            }
        }
        Self {
            offsets,
            partners,
            slot_event: buckets.slot_indices(),
        }
    }

    /// Number of spatial bands.
    pub(crate) fn bands(&self) -> usize {
        self.partners.len()
    }

    /// Number of pairs in all bands.
    pub(crate) fn total(&self) -> u64 {
        self.partners.iter().map(|p| p.len() as u64).sum()
    }

    /// Adds to `counts[s · temporal.len() + t]` the pairs of spatial band `s` whose time gap
    /// under `times` (indexed by slot) falls in temporal band `t` (first `t` with
    /// `|Δt| ≤ temporal[t]`).
    pub(crate) fn tally(&self, times: &[f64], temporal: &[f64], counts: &mut [u64]) {
        let widest = *temporal
            .last()
            .expect("band limits are validated non-empty");
        let nt = temporal.len();
        for (s, (offsets, partners)) in self.offsets.iter().zip(&self.partners).enumerate() {
            let row = &mut counts[s * nt..(s + 1) * nt];
            for (a, &ta) in times.iter().enumerate() {
                let mine = &partners[offsets[a]..offsets[a + 1]];
                if nt == 1 {
                    // The plain Knox test: one branch-free comparison per pair.
                    row[0] += mine
                        .iter()
                        .filter(|&&b| (ta - times[b as usize]).abs() <= widest)
                        .count() as u64;
                    continue;
                }
                for &b in mine {
                    let gap = (ta - times[b as usize]).abs();
                    if gap <= widest {
                        row[temporal.partition_point(|&l| l < gap)] += 1;
                    }
                }
            }
        }
    }
}

/// Number of unordered pairs with `|tᵢ − tⱼ| ≤ tau`, by sorting the times.
pub(crate) fn time_pairs(events: &[Event], tau: f64) -> u64 {
    let mut t: Vec<f64> = events.iter().map(|e| e.t).collect();
    t.sort_unstable_by(f64::total_cmp);
    let mut count = 0u64;
    let mut hi = 0;
    for lo in 0..t.len() {
        hi = hi.max(lo);
        while hi + 1 < t.len() && t[hi + 1] - t[lo] <= tau {
            hi += 1;
        }
        count += (hi - lo) as u64;
    }
    count
}
