//! Sparse binary spatial weights: who neighbours whom, as compressed rows.
//!
//! Lists never contain the unit itself; Gi* adds the unit (`star = True`) when it sums. Lists are
//! sorted ascending without duplicates. Constructors: grid contiguity ([`SpatialWeights::queen`],
//! [`SpatialWeights::rook`], like libpysal's `lat2W`), distance band and k nearest neighbours
//! (`distance`), and any adjacency list, e.g. polygon contiguity computed by the caller.

mod contiguity;
mod distance;

use crate::AnalysisError;

/// Binary spatial weights over `n` units in compressed-row form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpatialWeights {
    /// `offsets[i]..offsets[i + 1]` index unit `i`'s neighbours in `neighbours`.
    offsets: Vec<usize>,
    neighbours: Vec<u32>,
}

impl SpatialWeights {
    /// Weights from one neighbour list per unit. Lists may be in any order and repeat a
    /// neighbour; a unit may not list itself, nor a unit that does not exist. Lists need not be
    /// symmetric (k nearest neighbours are not).
    pub fn from_adjacency(lists: &[Vec<usize>]) -> Result<Self, AnalysisError> {
        let n = lists.len();
        if n > u32::MAX as usize {
            return Err(AnalysisError::TooManyPoints {
                what: "spatial weights",
                max: u32::MAX as usize,
                got: n,
            });
        }
        let mut rows = Vec::with_capacity(n);
        for (unit, list) in lists.iter().enumerate() {
            let mut row = Vec::with_capacity(list.len());
            for &neighbour in list {
                if neighbour >= n {
                    return Err(AnalysisError::NeighbourOutOfRange { unit, neighbour, n });
                }
                if neighbour == unit {
                    return Err(AnalysisError::SelfNeighbour(unit));
                }
                row.push(neighbour as u32);
            }
            rows.push(row);
        }
        Ok(Self::from_rows(rows))
    }

    /// Builds from rows already known valid (in range, no self); sorts and removes duplicates.
    pub(crate) fn from_rows(rows: Vec<Vec<u32>>) -> Self {
        let mut offsets = Vec::with_capacity(rows.len() + 1);
        let mut neighbours = Vec::with_capacity(rows.iter().map(Vec::len).sum());
        offsets.push(0);
        for mut row in rows {
            row.sort_unstable();
            row.dedup();
            neighbours.extend_from_slice(&row);
            offsets.push(neighbours.len());
        }
        Self {
            offsets,
            neighbours,
        }
    }

    /// Number of units.
    pub fn len(&self) -> usize {
        self.offsets.len() - 1
    }

    /// Whether there are no units.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The neighbours of unit `i` (not including `i`), ascending.
    pub fn neighbours(&self, i: usize) -> &[u32] {
        &self.neighbours[self.offsets[i]..self.offsets[i + 1]]
    }

    /// Number of neighbours of unit `i` (not including `i`).
    pub fn cardinality(&self, i: usize) -> usize {
        self.offsets[i + 1] - self.offsets[i]
    }

    /// Total number of (directed) neighbour links.
    pub fn link_count(&self) -> usize {
        self.neighbours.len()
    }

    /// Units with no neighbours.
    pub fn islands(&self) -> Vec<usize> {
        (0..self.len())
            .filter(|&i| self.cardinality(i) == 0)
            .collect()
    }

    /// Whether `j` neighbours `i` exactly when `i` neighbours `j`.
    pub fn is_symmetric(&self) -> bool {
        (0..self.len()).all(|i| {
            self.neighbours(i).iter().all(|&j| {
                self.neighbours(j as usize)
                    .binary_search(&(i as u32))
                    .is_ok()
            })
        })
    }

    /// The same weights with units reordered: new unit `k` is old unit `order[k]` (so values
    /// reorder as `new[k] = old[order[k]]`).
    pub fn permuted(&self, order: &[usize]) -> Result<Self, AnalysisError> {
        let n = self.len();
        let mut inverse = vec![usize::MAX; n];
        if order.len() != n {
            return Err(AnalysisError::InvalidPermutation { n });
        }
        for (k, &old) in order.iter().enumerate() {
            if old >= n || inverse[old] != usize::MAX {
                return Err(AnalysisError::InvalidPermutation { n });
            }
            inverse[old] = k;
        }
        let rows = order
            .iter()
            .map(|&old| {
                self.neighbours(old)
                    .iter()
                    .map(|&j| inverse[j as usize] as u32)
                    .collect()
            })
            .collect();
        Ok(Self::from_rows(rows))
    }
}
