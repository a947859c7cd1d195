//! One móvil's shift as it drives: patrolling the street network at random (with stops at
//! lights and now and then a longer halt), heading for each event it attends so as to be there
//! at the time it reported it, staying a while, and patrolling on. The drive is a list of
//! `(second of the shift, position)` knots, straight between them; the GPS samples it.

use rand_chacha::ChaCha8Rng;

use super::network::{StreetNetwork, metres_between};
use crate::frame::Metres;
use crate::sampling::{below, chance, unit};

/// Speed over the last metres from the street to the event, m/s.
const APPROACH_SPEED: f64 = 3.0;

/// An event the móvil attends: when it reported being there (seconds into the shift), and
/// where.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Call {
    pub at_s: f64,
    pub point: Metres,
}

/// Where a móvil is over its shift.
#[derive(Debug)]
pub(crate) struct Drive {
    knots: Vec<(f64, Metres)>,
}

struct Driver<'a> {
    net: &'a StreetNetwork,
    knots: Vec<(f64, Metres)>,
    node: usize,
    prev: Option<usize>,
    t: f64,
}

impl Driver<'_> {
    fn drive(&mut self, next: usize, secs: f64) {
        self.t += secs;
        self.knots.push((self.t, self.net.nodes[next]));
        self.prev = Some(self.node);
        self.node = next;
    }

    fn wait_until(&mut self, t: f64) {
        if t > self.t {
            let here = self.knots[self.knots.len() - 1].1;
            self.t = t;
            self.knots.push((t, here));
        }
    }

    fn move_to(&mut self, p: Metres, secs: f64) {
        self.t += secs;
        self.knots.push((self.t, p));
    }

    /// One step of free patrol: maybe a halt, then on to a neighbour (not straight back unless
    /// it is a dead end) such that `ok(neighbour, time there)`. False when no step is `ok`.
    fn roam(&mut self, rng: &mut ChaCha8Rng, ok: impl Fn(usize, f64) -> bool) -> bool {
        let halt = if chance(rng, 0.02) {
            300.0 + 900.0 * unit(rng)
        } else if chance(rng, 0.2) {
            20.0 + 70.0 * unit(rng)
        } else {
            0.0
        };
        if halt > 0.0 && ok(self.node, self.t + halt) {
            self.wait_until(self.t + halt);
        }
        let edges = &self.net.edges[self.node];
        let forward: Vec<(usize, f64)> = edges
            .iter()
            .copied()
            .filter(|(n, _)| Some(*n) != self.prev || edges.len() == 1)
            .filter(|(n, secs)| ok(*n, self.t + secs))
            .collect();
        if forward.is_empty() {
            return false;
        }
        let (next, secs) = forward[below(rng, forward.len())];
        self.drive(next, secs);
        true
    }

    /// Drive the shortest way to `target`, given the seconds `to` it from every node.
    fn head_for(&mut self, target: usize, to: &[f64]) {
        for _ in 0..self.net.nodes.len() {
            if self.node == target {
                return;
            }
            let best = self.net.edges[self.node]
                .iter()
                .copied()
                .min_by(|a, b| (a.1 + to[a.0]).total_cmp(&(b.1 + to[b.0])));
            let Some((next, secs)) = best else { return };
            self.drive(next, secs);
        }
    }
}

impl Drive {
    /// A shift of `length_s` seconds starting at node `start`, attending `calls` in time order
    /// (a call that comes while the móvil is still at the previous one is left out).
    pub(crate) fn plan(
        net: &StreetNetwork,
        rng: &mut ChaCha8Rng,
        start: usize,
        length_s: f64,
        calls: &[Call],
    ) -> Self {
        let mut d = Driver {
            net,
            knots: vec![(0.0, net.nodes[start])],
            node: start,
            prev: None,
            t: 0.0,
        };
        for call in calls {
            if call.at_s < d.t || call.at_s >= length_s {
                continue;
            }
            let target = net.nearest(call.point);
            let to = net.seconds_to(target);
            let leg = metres_between(net.nodes[target], call.point) / APPROACH_SPEED;
            let arrive_by = call.at_s - leg;
            while d.roam(rng, |n, t| t + to[n] <= arrive_by) {}
            d.head_for(target, &to);
            d.wait_until(arrive_by);
            d.move_to(call.point, leg);
            d.wait_until(d.t + 600.0 + 900.0 * unit(rng));
            d.move_to(net.nodes[target], leg);
            d.prev = None;
        }
        while d.t < length_s && d.roam(rng, |_, _| true) {}
        Self { knots: d.knots }
    }

    /// The position at second `t` (the last one after the drive ends); `cursor` remembers
    /// where the previous, earlier `t` was, so sampling a shift in order is linear.
    pub(crate) fn at(&self, cursor: &mut usize, t: f64) -> Metres {
        while *cursor + 1 < self.knots.len() && self.knots[*cursor + 1].0 <= t {
            *cursor += 1;
        }
        let (t0, a) = self.knots[*cursor];
        let Some(&(t1, b)) = self.knots.get(*cursor + 1) else {
            return a;
        };
        let f = if t1 > t0 { (t - t0) / (t1 - t0) } else { 0.0 };
        [a[0] + f * (b[0] - a[0]), a[1] + f * (b[1] - a[1])]
    }
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng;

    use super::*;

    #[test]
    fn given_calls_then_the_mobile_is_at_each_when_it_reported_it_and_drives_at_street_speed() {
        let city = crate::city(1);
        let net = StreetNetwork::new(&city.streets);
        let mut rng = ChaCha8Rng::seed_from_u64(5);
        let calls = [
            Call {
                at_s: 3_600.0,
                point: net.nodes[40],
            },
            Call {
                at_s: 5_000.0, // still at the first call: left out
                point: net.nodes[90],
            },
            Call {
                at_s: 20_000.0,
                point: net.nodes[300],
            },
        ];
        let drive = Drive::plan(&net, &mut rng, 0, 28_800.0, &calls);
        let mut cursor = 0;
        let mut last = drive.at(&mut cursor, 0.0);
        for s in 1..28_800 {
            let here = drive.at(&mut cursor, f64::from(s));
            assert!(metres_between(last, here) <= 8.6, "second {s}");
            last = here;
            if s == 3_600 || s == 20_000 {
                let call = calls.iter().find(|c| c.at_s == f64::from(s)).unwrap();
                assert!(metres_between(here, call.point) < 1.0, "second {s}");
            }
        }
    }
}
