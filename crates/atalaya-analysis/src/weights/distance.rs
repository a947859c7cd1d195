//! Weights from distances between points: a distance band and k nearest neighbours, both found
//! through a bucket grid so each point looks only at nearby buckets.

use super::SpatialWeights;
use crate::AnalysisError;
use crate::buckets::Buckets;
use crate::point::{Point, check_points};

impl SpatialWeights {
    /// Units are neighbours when their points are at most `threshold` metres apart
    /// (`d ≤ threshold`, libpysal's `DistanceBand(binary = True)`). Symmetric.
    pub fn distance_band(points: &[Point], threshold: f64) -> Result<Self, AnalysisError> {
        if !(threshold >= 0.0 && threshold.is_finite()) {
            return Err(AnalysisError::DistanceNotValid {
                what: "distance band",
                value: threshold,
            });
        }
        check_len(points)?;
        let buckets = Buckets::new(points, threshold, 2.0);
        let mut rows = vec![Vec::new(); points.len()];
        buckets.for_each_close_pair(threshold, |i, j, _| {
            rows[i as usize].push(j);
            rows[j as usize].push(i);
        });
        Ok(Self::from_rows(rows))
    }

    /// Each unit's `k` nearest other units (libpysal's `KNN`). Not symmetric in general. Ties at
    /// the k-th distance go to the lower index (libpysal's KD-tree breaks them arbitrarily).
    pub fn k_nearest(points: &[Point], k: usize) -> Result<Self, AnalysisError> {
        check_len(points)?;
        let max = points.len().saturating_sub(1);
        if k == 0 || k > max {
            return Err(AnalysisError::KOutOfRange { k, max });
        }
        let buckets = Buckets::new(points, 0.0, k as f64);
        let mut found = Vec::with_capacity(4 * k);
        let rows = points
            .iter()
            .enumerate()
            .map(|(i, &p)| {
                buckets.nearest(p, i as u32, k, &mut found);
                found.iter().map(|&(_, j)| j).collect()
            })
            .collect();
        Ok(Self::from_rows(rows))
    }
}

fn check_len(points: &[Point]) -> Result<(), AnalysisError> {
    check_points(points)?;
    if points.len() > u32::MAX as usize {
        return Err(AnalysisError::TooManyPoints {
            what: "spatial weights",
            max: u32::MAX as usize,
            got: points.len(),
        });
    }
    Ok(())
}
