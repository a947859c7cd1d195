//! The per-day incident rollup (`incident_rollup`, migration 0004): exact counts by local day,
//! category, cuadrante, barrio and source.
//!
//! - [`deltas`]: the write path's side — every incident insert, update and delete adds ±1 to its
//!   key, and the summed deltas are written at commit, inside the same transaction.
//! - [`plan`]: which part of a filter the rollup can answer — whole local days, with any
//!   category, source and area condition; a bounding box or text needs the incidents. A time
//!   window that starts or ends inside a day is split into whole days plus the two partial days,
//!   which are read from the incidents.
//! - [`read`]: counts, counts by key, day range and the cube read from the rollup.
//! - [`check`]: recompute the rollup from the incidents and compare (for `audit verify`).

pub(crate) mod check;
pub(crate) mod deltas;
pub(crate) mod plan;
pub(crate) mod read;

use atalaya_model::time::local_day_number;

/// The local day an instant falls on.
pub(crate) fn day_of(at: i64) -> i64 {
    i64::from(local_day_number(atalaya_model::time::from_unix(at)))
}

/// The Monday of the local week `day` falls in (1970-01-01, day 0, was a Thursday).
pub(crate) fn monday_of(day: i64) -> i64 {
    day - (day + 3).rem_euclid(7)
}

/// The first instant (Unix seconds) of local day `day`. DST-correct: a day whose midnight is
/// skipped starts when the clocks jump.
pub(crate) fn day_start(day: i64) -> i64 {
    // Santiago's offset is within ±1 day of UTC, so the start lies in this window; local day is
    // monotonic in the instant, so bisect for the first second of `day`.
    let (mut lo, mut hi) = ((day - 1) * 86_400, (day + 2) * 86_400);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if day_of(mid) >= day {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    lo
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn utc(y: i32, m: u32, d: u32, h: u32) -> i64 {
        Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap().timestamp()
    }

    #[test]
    fn day_start_is_local_midnight_in_summer_and_winter() {
        // Summer: UTC-3, so 2024-01-15 00:00 local is 03:00 UTC.
        let t = utc(2024, 1, 15, 3);
        assert_eq!(day_start(day_of(t)), t);
        assert_eq!(day_of(t - 1), day_of(t) - 1);
        // Winter: UTC-4.
        let t = utc(2024, 7, 1, 4);
        assert_eq!(day_start(day_of(t)), t);
    }

    #[test]
    fn day_start_on_dst_days_is_the_first_existing_instant() {
        // 2024-09-08: clocks jump from 00:00 to 01:00 local (UTC-4 → UTC-3); the day starts at
        // 04:00 UTC, which reads 01:00 local.
        let t = utc(2024, 9, 8, 4);
        let d = day_of(t);
        assert_eq!(day_start(d), t);
        assert_eq!(day_of(t - 1), d - 1);
        // 2024-04-07: clocks go back from 00:00 to 23:00 of the 6th (UTC-3 → UTC-4); the 7th
        // starts at 04:00 UTC, after the repeated hour.
        let t = utc(2024, 4, 7, 4);
        assert_eq!(day_start(day_of(t)), t);
        assert_eq!(day_of(t - 1), day_of(t) - 1);
    }

    #[test]
    fn every_day_start_for_three_years_starts_its_day() {
        let first = day_of(utc(2023, 1, 1, 12));
        for d in first..first + 3 * 366 {
            let s = day_start(d);
            assert_eq!(day_of(s), d);
            assert_eq!(day_of(s - 1), d - 1);
        }
    }
}
