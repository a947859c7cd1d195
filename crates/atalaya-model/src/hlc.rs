//! Hybrid logical clocks: the timestamps that order every change for sync.
//!
//! An [`Hlc`] packs 48 bits of Unix milliseconds and a 16-bit logical counter into one `u64`,
//! so it sorts as an integer, stores as one SQLite INTEGER and stays close to wall time while
//! never going backwards (Kulkarni et al., "Logical Physical Clocks", 2014).

use serde::{Deserialize, Serialize};

/// A hybrid logical clock reading: `(physical_ms << 16) | logical`.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
#[serde(transparent)]
pub struct Hlc(pub u64);

impl Hlc {
    const LOGICAL_BITS: u32 = 16;
    const LOGICAL_MASK: u64 = (1 << Self::LOGICAL_BITS) - 1;

    /// Build from its parts.
    pub fn new(physical_ms: u64, logical: u16) -> Self {
        Self((physical_ms << Self::LOGICAL_BITS) | u64::from(logical))
    }
    /// Unix milliseconds part.
    pub fn physical_ms(self) -> u64 {
        self.0 >> Self::LOGICAL_BITS
    }
    /// Logical counter part.
    pub fn logical(self) -> u16 {
        // The mask keeps 16 bits, so the cast cannot truncate.
        (self.0 & Self::LOGICAL_MASK) as u16
    }
    /// As stored in SQLite (INTEGER is signed; 48+16 bits of ms-since-1970 stay far below 2^63).
    pub fn as_i64(self) -> i64 {
        self.0 as i64
    }
    /// From the stored SQLite INTEGER.
    pub fn from_i64(v: i64) -> Self {
        Self(v as u64)
    }
}

impl std::fmt::Display for Hlc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{:04x}", self.physical_ms(), self.logical())
    }
}

/// The clock of one device: issues strictly increasing [`Hlc`]s.
#[derive(Debug, Clone, Default)]
pub struct HlcClock {
    last: Hlc,
}

impl HlcClock {
    /// A clock that will never issue a value at or below `last`.
    pub fn starting_after(last: Hlc) -> Self {
        Self { last }
    }

    /// The last value issued or observed.
    pub fn last(&self) -> Hlc {
        self.last
    }

    /// A new timestamp for a local event at wall time `now_ms`.
    pub fn tick(&mut self, now_ms: u64) -> Hlc {
        let last_ms = self.last.physical_ms();
        self.last = if now_ms > last_ms {
            Hlc::new(now_ms, 0)
        } else {
            self.bump(last_ms, self.last.logical())
        };
        self.last
    }

    /// Merge a timestamp received from another device, at local wall time `now_ms`.
    pub fn observe(&mut self, remote: Hlc, now_ms: u64) -> Hlc {
        let (l, r) = (self.last, remote);
        let max_ms = now_ms.max(l.physical_ms()).max(r.physical_ms());
        self.last = if max_ms == now_ms && now_ms > l.physical_ms() && now_ms > r.physical_ms() {
            Hlc::new(now_ms, 0)
        } else if l.physical_ms() == r.physical_ms() && l.physical_ms() == max_ms {
            self.bump(max_ms, l.logical().max(r.logical()))
        } else if l.physical_ms() == max_ms {
            self.bump(max_ms, l.logical())
        } else {
            self.bump(max_ms, r.logical())
        };
        self.last
    }

    fn bump(&self, ms: u64, logical: u16) -> Hlc {
        // When the counter would overflow, borrow the next millisecond: still monotonic.
        match logical.checked_add(1) {
            Some(next) => Hlc::new(ms, next),
            None => Hlc::new(ms + 1, 0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn given_stalled_wall_clock_when_ticking_then_values_still_increase() {
        let mut c = HlcClock::default();
        let a = c.tick(1000);
        let b = c.tick(1000);
        let d = c.tick(999);
        assert_eq!(a, Hlc::new(1000, 0));
        assert_eq!(b, Hlc::new(1000, 1));
        assert_eq!(d, Hlc::new(1000, 2));
    }

    #[test]
    fn given_remote_ahead_when_observing_then_clock_jumps_past_it() {
        let mut c = HlcClock::default();
        c.tick(1000);
        let seen = c.observe(Hlc::new(5000, 7), 1001);
        assert_eq!(seen, Hlc::new(5000, 8));
        assert_eq!(c.tick(1002), Hlc::new(5000, 9));
    }

    #[test]
    fn logical_overflow_borrows_a_millisecond() {
        let mut c = HlcClock::starting_after(Hlc::new(10, u16::MAX));
        assert_eq!(c.tick(10), Hlc::new(11, 0));
    }

    #[test]
    fn packs_and_unpacks() {
        let h = Hlc::new(1_700_000_000_123, 42);
        assert_eq!(h.physical_ms(), 1_700_000_000_123);
        assert_eq!(h.logical(), 42);
        assert_eq!(Hlc::from_i64(h.as_i64()), h);
    }
}
