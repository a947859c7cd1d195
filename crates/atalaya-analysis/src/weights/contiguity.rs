//! Contiguity on a regular grid: rook (shared edge) and queen (shared edge or corner), numbered
//! like [`crate::grid::GridSpec`] and libpysal's `lat2W(nrows = ny, ncols = nx)`.

use super::SpatialWeights;
use crate::AnalysisError;

const ROOK: [(isize, isize); 4] = [(0, -1), (-1, 0), (1, 0), (0, 1)];
const QUEEN: [(isize, isize); 8] = [
    (-1, -1),
    (0, -1),
    (1, -1),
    (-1, 0),
    (1, 0),
    (-1, 1),
    (0, 1),
    (1, 1),
];

impl SpatialWeights {
    /// Queen contiguity on an `nx × ny` grid: up to 8 neighbours per cell.
    pub fn queen(nx: usize, ny: usize) -> Result<Self, AnalysisError> {
        lattice(nx, ny, &QUEEN)
    }

    /// Rook contiguity on an `nx × ny` grid: up to 4 neighbours per cell.
    pub fn rook(nx: usize, ny: usize) -> Result<Self, AnalysisError> {
        lattice(nx, ny, &ROOK)
    }
}

fn lattice(
    nx: usize,
    ny: usize,
    steps: &[(isize, isize)],
) -> Result<SpatialWeights, AnalysisError> {
    if nx == 0 || ny == 0 {
        return Err(AnalysisError::EmptyGrid { nx, ny });
    }
    let n = nx.checked_mul(ny).filter(|&n| n <= crate::grid::MAX_CELLS);
    let Some(n) = n else {
        return Err(AnalysisError::GridTooLarge {
            nx,
            ny,
            max: crate::grid::MAX_CELLS,
        });
    };
    let mut offsets = Vec::with_capacity(n + 1);
    let mut neighbours = Vec::with_capacity(n * steps.len());
    offsets.push(0);
    for row in 0..ny {
        for col in 0..nx {
            // Steps are listed in ascending index order, so each row comes out sorted.
            for &(dx, dy) in steps {
                let (Some(c), Some(r)) = (col.checked_add_signed(dx), row.checked_add_signed(dy))
                else {
                    continue;
                };
                if c < nx && r < ny {
                    neighbours.push((r * nx + c) as u32);
                }
            }
            offsets.push(neighbours.len());
        }
    }
    Ok(SpatialWeights {
        offsets,
        neighbours,
    })
}
