//! The municipal patrols' roster: three eight-hour shifts a day (mañana 06–14, tarde 14–22,
//! noche 22–06, local time), four móviles on each. The patrol report names the móvil on duty
//! when it attended an event, and the GPS tracks are that móvil's shifts, so the two agree.

use atalaya_model::time::LOCAL_TZ;
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Timelike, Utc};

/// The shifts' names and local start hours.
pub(crate) const SHIFTS: [(&str, u32); 3] = [("mañana", 6), ("tarde", 14), ("noche", 22)];
/// How long a shift lasts.
pub(crate) const SHIFT_HOURS: i64 = 8;
/// Móviles on duty in each shift (shift `s` drives `M-(4s+1)` … `M-(4s+4)`).
pub(crate) const UNITS_PER_SHIFT: usize = 4;

/// The shift `at` falls in: the local day it started on and its index in [`SHIFTS`] (a night
/// shift's small hours belong to the day before).
pub(crate) fn shift_of(at: DateTime<Utc>) -> (NaiveDate, usize) {
    let local = at.with_timezone(&LOCAL_TZ);
    let day = local.date_naive();
    match local.hour() {
        6..=13 => (day, 0),
        14..=21 => (day, 1),
        22..=23 => (day, 2),
        _ => (day.pred_opt().unwrap_or(day), 2),
    }
}

/// The code of the `k`-th móvil (mod [`UNITS_PER_SHIFT`]) of shift `shift`: `M-01` … `M-12`.
pub(crate) fn unit(shift: usize, k: usize) -> String {
    format!("M-{:02}", 1 + shift * UNITS_PER_SHIFT + k % UNITS_PER_SHIFT)
}

/// The móvil that attends event number `event_no` reported at `at`.
pub(crate) fn unit_at(at: DateTime<Utc>, event_no: usize) -> String {
    unit(shift_of(at).1, event_no)
}

/// When shift `shift` of local day `day` starts and ends.
pub(crate) fn span(day: NaiveDate, shift: usize) -> (DateTime<Utc>, DateTime<Utc>) {
    let local = day.and_hms_opt(SHIFTS[shift].1, 0, 0).unwrap_or_default();
    // Chile changes its clocks at midnight; 06:00, 14:00 and 22:00 always exist once.
    let start = LOCAL_TZ
        .from_local_datetime(&local)
        .earliest()
        .map_or_else(|| local.and_utc(), |t| t.with_timezone(&Utc));
    (start, start + Duration::hours(SHIFT_HOURS))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn given_local_times_then_the_shift_and_its_mobile_follow_the_roster() {
        // 2024-03-01 is summer time in Santiago (UTC−3).
        let check = |at: &str, day: &str, shift: usize, unit_of_event_7: &str| {
            let got = shift_of(utc(at));
            assert_eq!((got.0.to_string().as_str(), got.1), (day, shift), "{at}");
            assert_eq!(unit_at(utc(at), 7), unit_of_event_7, "{at}");
        };
        check("2024-03-01T09:00:00Z", "2024-03-01", 0, "M-04"); // 06:00 local
        check("2024-03-01T17:30:00Z", "2024-03-01", 1, "M-08"); // 14:30
        check("2024-03-02T01:15:00Z", "2024-03-01", 2, "M-12"); // 22:15
        check("2024-03-02T05:00:00Z", "2024-03-01", 2, "M-12"); // 02:00 next day
    }

    #[test]
    fn a_shift_lasts_eight_hours_from_its_local_start() {
        let day = NaiveDate::from_ymd_opt(2024, 3, 1).unwrap();
        assert_eq!(
            span(day, 2),
            (utc("2024-03-02T01:00:00Z"), utc("2024-03-02T09:00:00Z"))
        );
        // Winter time (UTC−4).
        let day = NaiveDate::from_ymd_opt(2024, 6, 1).unwrap();
        assert_eq!(span(day, 0).0, utc("2024-06-01T10:00:00Z"));
    }
}
