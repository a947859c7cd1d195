//! Planar points (metres in a local metric projection) and space-time events (plus days).

use serde::{Deserialize, Serialize};

use crate::AnalysisError;

/// A point in a planar, metric coordinate system (metres east and north).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Point {
    /// Easting, metres.
    pub x: f64,
    /// Northing, metres.
    pub y: f64,
}

impl Point {
    /// A point at `(x, y)`.
    pub const fn new(x: f64, y: f64) -> Self {
        Self { x, y }
    }

    /// Squared Euclidean distance to `other`.
    pub fn distance_squared(self, other: Point) -> f64 {
        let dx = self.x - other.x;
        let dy = self.y - other.y;
        dx * dx + dy * dy
    }
}

/// An event: where (planar metres) and when (days on any continuous scale, e.g. days since an
/// epoch with the time of day as a fraction).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// Easting, metres.
    pub x: f64,
    /// Northing, metres.
    pub y: f64,
    /// Time, days.
    pub t: f64,
}

impl Event {
    /// An event at `(x, y)` at time `t` days.
    pub const fn new(x: f64, y: f64, t: f64) -> Self {
        Self { x, y, t }
    }

    /// Where the event happened.
    pub const fn point(self) -> Point {
        Point::new(self.x, self.y)
    }
}

/// Rejects the first point with a NaN or infinite coordinate.
pub(crate) fn check_points(points: &[Point]) -> Result<(), AnalysisError> {
    match points
        .iter()
        .position(|p| !p.x.is_finite() || !p.y.is_finite())
    {
        Some(index) => Err(AnalysisError::NonFiniteCoordinate {
            index,
            x: points[index].x,
            y: points[index].y,
        }),
        None => Ok(()),
    }
}

/// Rejects the first event with a NaN or infinite coordinate or time.
pub(crate) fn check_events(events: &[Event]) -> Result<(), AnalysisError> {
    for (index, e) in events.iter().enumerate() {
        if !e.x.is_finite() || !e.y.is_finite() {
            return Err(AnalysisError::NonFiniteCoordinate {
                index,
                x: e.x,
                y: e.y,
            });
        }
        if !e.t.is_finite() {
            return Err(AnalysisError::NonFiniteTime { index, t: e.t });
        }
    }
    Ok(())
}
