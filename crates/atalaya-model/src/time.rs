//! Time conventions: instants are stored in UTC and shown in the comuna's zone, America/Santiago.

use chrono::{DateTime, Datelike, NaiveDate, TimeZone, Utc};
use chrono_tz::America::Santiago;

/// The zone every local date, weekday and hour is computed in.
pub const LOCAL_TZ: chrono_tz::Tz = Santiago;

/// The local (America/Santiago) calendar day of an instant, as days since 1970-01-01.
/// DST-correct: stored beside each incident so day/week aggregates stay plain SQL.
pub fn local_day_number(at: DateTime<Utc>) -> i32 {
    let local = at.with_timezone(&LOCAL_TZ).date_naive();
    // 719_163 = days from 0001-01-01 (CE day 1) to 1970-01-01.
    local.num_days_from_ce() - 719_163
}

/// The date for a local day number.
pub fn date_of_day_number(day: i32) -> NaiveDate {
    NaiveDate::from_num_days_from_ce_opt(day + 719_163).unwrap_or(NaiveDate::MIN)
}

/// ISO-8601 text with the America/Santiago offset, e.g. `2024-03-01T21:15:00-03:00`.
pub fn format_local(at: DateTime<Utc>) -> String {
    at.with_timezone(&LOCAL_TZ)
        .format("%Y-%m-%dT%H:%M:%S%:z")
        .to_string()
}

/// A UTC instant from Unix seconds (out-of-range values clamp to the epoch).
pub fn from_unix(secs: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(secs, 0).single().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_day_follows_santiago_not_utc() {
        // 2024-01-15 02:00 UTC is 2024-01-14 23:00 in Santiago (UTC-3 in summer).
        let at = Utc.with_ymd_and_hms(2024, 1, 15, 2, 0, 0).unwrap();
        assert_eq!(
            date_of_day_number(local_day_number(at)),
            NaiveDate::from_ymd_opt(2024, 1, 14).unwrap()
        );
        assert_eq!(format_local(at), "2024-01-14T23:00:00-03:00");
        // In winter Santiago is UTC-4.
        let winter = Utc.with_ymd_and_hms(2024, 7, 1, 12, 0, 0).unwrap();
        assert_eq!(format_local(winter), "2024-07-01T08:00:00-04:00");
    }
}
