//! The demo streets as a network a patrol car can drive: every bend of a street and every
//! crossing of two streets is a node, every piece of street between two nodes an edge that
//! takes a fixed time (main axes are faster). Shortest times by Dijkstra. Built in the local
//! metric frame with arithmetic and `sqrt` only, so every machine builds the same network.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use atalaya_model::Street;

use crate::frame::{Metres, to_metres};

/// Cruising speed on a main axis, m/s (about 30 km/h).
const MAIN_SPEED: f64 = 8.5;
/// Cruising speed on a local street, m/s (about 22 km/h).
const LOCAL_SPEED: f64 = 6.0;
/// Points of one street closer than this are one node.
const SAME_NODE_M: f64 = 1.0;

/// The drivable street network.
pub(crate) struct StreetNetwork {
    /// Node positions.
    pub nodes: Vec<Metres>,
    /// For each node, its neighbours and the seconds it takes to drive there.
    pub edges: Vec<Vec<(usize, f64)>>,
}

/// Union–find over node ids (points of several streets that are one place).
struct Places(Vec<usize>);

impl Places {
    fn root(&mut self, mut i: usize) -> usize {
        while self.0[i] != i {
            self.0[i] = self.0[self.0[i]];
            i = self.0[i];
        }
        i
    }

    fn join(&mut self, a: usize, b: usize) {
        let (a, b) = (self.root(a), self.root(b));
        // The lower id wins, so the result does not depend on the order of joins.
        let (lo, hi) = if a < b { (a, b) } else { (b, a) };
        self.0[hi] = lo;
    }
}

fn dist(a: Metres, b: Metres) -> f64 {
    let (dx, dy) = (a[0] - b[0], a[1] - b[1]);
    (dx * dx + dy * dy).sqrt()
}

/// Where segments `a0→a1` and `b0→b1` cross: the fractions along each, if they do.
fn crossing(a0: Metres, a1: Metres, b0: Metres, b1: Metres) -> Option<(f64, f64)> {
    let (da, db) = (
        [a1[0] - a0[0], a1[1] - a0[1]],
        [b1[0] - b0[0], b1[1] - b0[1]],
    );
    let den = da[0] * db[1] - da[1] * db[0];
    if den == 0.0 {
        return None;
    }
    let w = [b0[0] - a0[0], b0[1] - a0[1]];
    let t = (w[0] * db[1] - w[1] * db[0]) / den;
    let u = (w[0] * da[1] - w[1] * da[0]) / den;
    let inside = |x: f64| (-1e-9..=1.0 + 1e-9).contains(&x);
    (inside(t) && inside(u)).then_some((t.clamp(0.0, 1.0), u.clamp(0.0, 1.0)))
}

impl StreetNetwork {
    /// The network of `streets`.
    pub(crate) fn new(streets: &[Street]) -> Self {
        let lines: Vec<Vec<Metres>> = streets
            .iter()
            .map(|s| s.line.iter().map(|p| to_metres(*p)).collect())
            .collect();
        // Distance along each street to each of its vertices.
        let along: Vec<Vec<f64>> = lines
            .iter()
            .map(|l| {
                let mut acc = 0.0;
                std::iter::once(0.0)
                    .chain(l.windows(2).map(|w| {
                        acc += dist(w[0], w[1]);
                        acc
                    }))
                    .collect()
            })
            .collect();
        let mut points: Vec<Metres> = Vec::new();
        // For each street: (distance along it, node id).
        let mut on_street: Vec<Vec<(f64, usize)>> = vec![Vec::new(); lines.len()];
        for (s, line) in lines.iter().enumerate() {
            for (v, p) in line.iter().enumerate() {
                on_street[s].push((along[s][v], points.len()));
                points.push(*p);
            }
        }
        for a in 0..lines.len() {
            for b in a + 1..lines.len() {
                for (i, wa) in lines[a].windows(2).enumerate() {
                    for (j, wb) in lines[b].windows(2).enumerate() {
                        let Some((t, u)) = crossing(wa[0], wa[1], wb[0], wb[1]) else {
                            continue;
                        };
                        let id = points.len();
                        points.push([
                            wa[0][0] + t * (wa[1][0] - wa[0][0]),
                            wa[0][1] + t * (wa[1][1] - wa[0][1]),
                        ]);
                        on_street[a].push((along[a][i] + t * dist(wa[0], wa[1]), id));
                        on_street[b].push((along[b][j] + u * dist(wb[0], wb[1]), id));
                    }
                }
            }
        }
        let mut places = Places((0..points.len()).collect());
        for list in &mut on_street {
            list.sort_by(|x, y| x.0.total_cmp(&y.0).then(x.1.cmp(&y.1)));
            for w in list.windows(2) {
                if w[1].0 - w[0].0 < SAME_NODE_M {
                    places.join(w[0].1, w[1].1);
                }
            }
        }
        // Number the places in order of their lowest point id.
        let mut index = vec![usize::MAX; points.len()];
        let mut nodes = Vec::new();
        for p in 0..points.len() {
            let r = places.root(p);
            if index[r] == usize::MAX {
                index[r] = nodes.len();
                nodes.push(points[r]);
            }
            index[p] = index[r];
        }
        let mut edges = vec![Vec::new(); nodes.len()];
        for (s, list) in on_street.iter().enumerate() {
            let speed = if streets[s].main_axis {
                MAIN_SPEED
            } else {
                LOCAL_SPEED
            };
            for w in list.windows(2) {
                let (a, b) = (index[w[0].1], index[w[1].1]);
                if a != b {
                    let secs = dist(nodes[a], nodes[b]) / speed;
                    edges[a].push((b, secs));
                    edges[b].push((a, secs));
                }
            }
        }
        Self { nodes, edges }
    }

    /// The node nearest to `p`.
    pub(crate) fn nearest(&self, p: Metres) -> usize {
        let mut best = (f64::INFINITY, 0);
        for (i, n) in self.nodes.iter().enumerate() {
            let d = dist(*n, p);
            if d < best.0 {
                best = (d, i);
            }
        }
        best.1
    }

    /// Seconds from every node to `target` (infinite where it cannot be reached).
    pub(crate) fn seconds_to(&self, target: usize) -> Vec<f64> {
        let mut best = vec![f64::INFINITY; self.nodes.len()];
        best[target] = 0.0;
        // Non-negative floats order like their bit patterns.
        let mut queue = BinaryHeap::from([Reverse((0.0f64.to_bits(), target))]);
        while let Some(Reverse((bits, n))) = queue.pop() {
            let t = f64::from_bits(bits);
            if t > best[n] {
                continue;
            }
            for &(m, secs) in &self.edges[n] {
                if t + secs < best[m] {
                    best[m] = t + secs;
                    queue.push(Reverse(((t + secs).to_bits(), m)));
                }
            }
        }
        best
    }
}

/// Distance in metres between two points of the frame.
pub(crate) fn metres_between(a: Metres, b: Metres) -> f64 {
    dist(a, b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn given_the_demo_streets_then_every_node_can_reach_every_other() {
        let city = crate::city(1);
        let net = StreetNetwork::new(&city.streets);
        // 152 vertices and about 500 crossings, less the points that coincide.
        assert!((400..700).contains(&net.nodes.len()), "{}", net.nodes.len());
        let to_first = net.seconds_to(0);
        assert!(to_first.iter().all(|t| t.is_finite()), "one network");
        // Across the comuna (about 6 km) in well under half an hour.
        let worst = to_first.iter().copied().fold(0.0, f64::max);
        assert!((300.0..1_800.0).contains(&worst), "{worst}");
    }

    #[test]
    fn two_segments_cross_where_they_should() {
        let got = crossing([0.0, 0.0], [10.0, 0.0], [5.0, -5.0], [5.0, 15.0]);
        assert_eq!(got, Some((0.5, 0.25)));
        assert_eq!(
            crossing([0.0, 0.0], [10.0, 0.0], [0.0, 1.0], [10.0, 1.0]),
            None
        );
        assert_eq!(
            crossing([0.0, 0.0], [10.0, 0.0], [11.0, -1.0], [11.0, 1.0]),
            None
        );
    }
}
