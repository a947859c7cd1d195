//! Near-repeat chains: groups of events linked by pairs close in both space and time.

use super::{check_inputs, check_limits};
use crate::AnalysisError;
use crate::buckets::Buckets;
use crate::point::{Event, Point};

/// Connected components of the graph whose edges join events with `d ≤ delta` and
/// `|Δt| ≤ tau`, keeping those of two or more events. Each chain lists event indices in time
/// order (ties by index); chains come largest first, then by their first event's time and index.
pub fn near_repeat_chains(
    events: &[Event],
    delta: f64,
    tau: f64,
) -> Result<Vec<Vec<usize>>, AnalysisError> {
    check_inputs(events)?;
    check_limits("spatial", &[delta])?;
    check_limits("temporal", &[tau])?;
    let points: Vec<Point> = events.iter().map(|e| e.point()).collect();
    let mut parent: Vec<u32> = (0..events.len() as u32).collect();
    Buckets::new(&points, delta, 1.0).for_each_close_pair(delta, |i, j, _| {
        if (events[i as usize].t - events[j as usize].t).abs() <= tau {
            let (a, b) = (root(&mut parent, i), root(&mut parent, j));
            if a != b {
                parent[a.max(b) as usize] = a.min(b);
            }
        }
    });
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); events.len()];
    for i in 0..events.len() {
        let r = root(&mut parent, i as u32);
        members[r as usize].push(i);
    }
    let by_time = |a: &usize, b: &usize| events[*a].t.total_cmp(&events[*b].t).then(a.cmp(b));
    let mut chains: Vec<Vec<usize>> = members.into_iter().filter(|m| m.len() >= 2).collect();
    for chain in &mut chains {
        chain.sort_by(by_time);
    }
    chains.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| by_time(&a[0], &b[0])));
    Ok(chains)
}

/// Root of `i`'s set, halving the path on the way.
fn root(parent: &mut [u32], mut i: u32) -> u32 {
    while parent[i as usize] != i {
        let grand = parent[parent[i as usize] as usize];
        parent[i as usize] = grand;
        i = grand;
    }
    i
}
