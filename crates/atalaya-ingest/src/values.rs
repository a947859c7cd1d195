//! Reading cell text: numbers with a decimal comma, category text for matching, and local
//! date-times (formats, Excel serial numbers, DST-correct conversion to UTC).

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

use crate::profile::{AmbiguousTime, NonexistentTime};

/// A number as written in the file. With `decimal_comma`, `-33,4262` and `6.297.311,8` read as
/// -33.4262 and 6297311.8; a value without a comma is read as is.
pub fn parse_number(text: &str, decimal_comma: bool) -> Option<f64> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    let v = if decimal_comma && t.contains(',') {
        t.replace('.', "").replace(',', ".").parse::<f64>().ok()?
    } else {
        t.parse::<f64>().ok()?
    };
    v.is_finite().then_some(v)
}

/// Category text folded for matching: lower case, accents removed, spaces collapsed.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        for c in word.chars().flat_map(char::to_lowercase) {
            out.push(match c {
                'á' | 'à' | 'ä' | 'â' => 'a',
                'é' | 'è' | 'ë' | 'ê' => 'e',
                'í' | 'ì' | 'ï' | 'î' => 'i',
                'ó' | 'ò' | 'ö' | 'ô' => 'o',
                'ú' | 'ù' | 'ü' | 'û' => 'u',
                'ñ' => 'n',
                'ç' => 'c',
                other => other,
            });
        }
    }
    out
}

/// The local date-time an Excel serial number denotes (1900 date system, as exported on
/// Windows): serial 1 is 1900-01-01 and the fraction is the time of day. Excel counts a
/// 1900-02-29 that never was (serial 60), so from serial 61 (1900-03-01) on the days run from
/// 1899-12-30 and below 60 from 1899-12-31. Serial 60 and values outside years 1900–9999 are
/// refused.
pub fn excel_serial(value: f64) -> Option<NaiveDateTime> {
    if !(1.0..2_958_466.0).contains(&value) || (60.0..61.0).contains(&value) {
        return None;
    }
    let epoch = if value < 60.0 { 31 } else { 30 };
    let base = NaiveDate::from_ymd_opt(1899, 12, epoch)?.and_hms_opt(0, 0, 0)?;
    let secs = (value * 86_400.0).round() as i64;
    base.checked_add_signed(Duration::seconds(secs))
}

/// Parse `date` (plus `time` when the export splits them) with the first matching format.
/// A format without a time of day gives local midnight; with `excel` a numeric date is an Excel
/// serial (and a numeric time a day fraction).
pub fn parse_local(
    date: &str,
    time: Option<&str>,
    formats: &[String],
    excel: bool,
) -> Option<NaiveDateTime> {
    let date = date.trim();
    let time = time.map(str::trim).filter(|t| !t.is_empty());
    if date.is_empty() {
        return None;
    }
    if excel && let Some(serial) = parse_number(date, date.contains(',')) {
        let at = excel_serial(serial)?;
        return match time {
            None => Some(at),
            Some(t) => Some(at.date().and_time(parse_time_of_day(t)?)),
        };
    }
    let joined = match time {
        Some(t) => format!("{date} {t}"),
        None => date.to_string(),
    };
    formats.iter().find_map(|f| {
        NaiveDateTime::parse_from_str(&joined, f).ok().or_else(|| {
            NaiveDate::parse_from_str(&joined, f)
                .ok()
                .and_then(|d| d.and_hms_opt(0, 0, 0))
        })
    })
}

fn parse_time_of_day(t: &str) -> Option<NaiveTime> {
    if let Some(fraction) = parse_number(t, t.contains(',')).filter(|f| (0.0..1.0).contains(f)) {
        let secs = (fraction * 86_400.0).round() as u32;
        return NaiveTime::from_num_seconds_from_midnight_opt(secs.min(86_399), 0);
    }
    ["%H:%M:%S", "%H:%M", "%H.%M", "%H%M"]
        .iter()
        .find_map(|f| NaiveTime::parse_from_str(t, f).ok())
}

/// How a local time could not become an instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LocalTimeFault {
    /// It happens twice and the profile says to reject such times.
    Ambiguous,
    /// It never happens (skipped by DST) and the profile says to reject such times.
    Nonexistent,
}

/// The UTC instant of a wall-clock time in `zone`, resolving DST folds and gaps as told.
pub fn to_utc(
    local: NaiveDateTime,
    zone: Tz,
    ambiguous: AmbiguousTime,
    nonexistent: NonexistentTime,
) -> Result<DateTime<Utc>, LocalTimeFault> {
    match zone.from_local_datetime(&local) {
        chrono::LocalResult::Single(t) => Ok(t.with_timezone(&Utc)),
        chrono::LocalResult::Ambiguous(earlier, later) => match ambiguous {
            AmbiguousTime::Earlier => Ok(earlier.with_timezone(&Utc)),
            AmbiguousTime::Later => Ok(later.with_timezone(&Utc)),
            AmbiguousTime::Reject => Err(LocalTimeFault::Ambiguous),
        },
        chrono::LocalResult::None => match nonexistent {
            NonexistentTime::Reject => Err(LocalTimeFault::Nonexistent),
            NonexistentTime::Forward => {
                // The offset in force just before the gap: walk back until the wall clock exists.
                let before = (1..=48)
                    .find_map(|h| {
                        zone.from_local_datetime(&(local - Duration::hours(h)))
                            .earliest()
                    })
                    .ok_or(LocalTimeFault::Nonexistent)?;
                let offset = chrono::Offset::fix(before.offset()).local_minus_utc();
                Ok(Utc.from_utc_datetime(&(local - Duration::seconds(i64::from(offset)))))
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::America::Santiago;

    fn ndt(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    fn utc(local: &str, a: AmbiguousTime, n: NonexistentTime) -> Result<String, LocalTimeFault> {
        to_utc(ndt(local), Santiago, a, n).map(|t| t.format("%Y-%m-%d %H:%M").to_string())
    }

    #[test]
    fn numbers_follow_the_decimal_convention() {
        assert_eq!(parse_number("-33,4262", true), Some(-33.4262));
        assert_eq!(parse_number("6.297.311,8", true), Some(6_297_311.8));
        assert_eq!(parse_number("-70.6127", true), Some(-70.6127));
        assert_eq!(parse_number("-70.6127", false), Some(-70.6127));
        assert_eq!(parse_number(" ", false), None);
        assert_eq!(parse_number("NaN", false), None);
    }

    #[test]
    fn fold_ignores_case_accents_and_spacing() {
        assert_eq!(fold("  Robo  con Intimidación "), "robo con intimidacion");
        assert_eq!(fold("DAÑOS"), "danos");
    }

    #[test]
    fn excel_serials_are_days_since_1899_12_30() {
        assert_eq!(excel_serial(45352.0), Some(ndt("2024-03-01 00:00")));
        assert_eq!(
            excel_serial(45352.885416666664),
            Some(ndt("2024-03-01 21:15"))
        );
        assert_eq!(excel_serial(60.0), None);
        // Before the phantom 1900-02-29 the days count from 1899-12-31.
        assert_eq!(excel_serial(1.0), Some(ndt("1900-01-01 00:00")));
        assert_eq!(excel_serial(59.5), Some(ndt("1900-02-28 12:00")));
        assert_eq!(excel_serial(61.0), Some(ndt("1900-03-01 00:00")));
        assert_eq!(excel_serial(-3.0), None);
    }

    #[test]
    fn dates_parse_joined_split_and_serial() {
        let f = vec!["%d-%m-%Y %H:%M".to_string(), "%d-%m-%Y".to_string()];
        assert_eq!(
            parse_local("01-03-2024", Some("21:15"), &f, false),
            Some(ndt("2024-03-01 21:15"))
        );
        assert_eq!(
            parse_local("01-03-2024", None, &f, false),
            Some(ndt("2024-03-01 00:00"))
        );
        assert_eq!(
            parse_local("45352", Some("21:15"), &f, true),
            Some(ndt("2024-03-01 21:15"))
        );
        assert_eq!(
            parse_local("45352,885416666664", None, &f, true),
            Some(ndt("2024-03-01 21:15"))
        );
        assert_eq!(parse_local("31-02-2024", Some("21:15"), &f, false), None);
        assert_eq!(parse_local("45352", None, &f, false), None);
    }

    #[test]
    fn santiago_dst_end_repeats_an_hour_and_start_skips_one() {
        use AmbiguousTime as A;
        use NonexistentTime as N;
        // 2024-04-07 00:00 (-03) clocks went back to 2024-04-06 23:00 (-04): 23:30 happens twice.
        assert_eq!(
            utc("2024-04-06 23:30", A::Earlier, N::Reject),
            Ok("2024-04-07 02:30".into())
        );
        assert_eq!(
            utc("2024-04-06 23:30", A::Later, N::Reject),
            Ok("2024-04-07 03:30".into())
        );
        assert_eq!(
            utc("2024-04-06 23:30", A::Reject, N::Reject),
            Err(LocalTimeFault::Ambiguous)
        );
        // 2024-09-08 00:00 (-04) clocks jumped to 01:00 (-03): 00:30 never happened.
        assert_eq!(
            utc("2024-09-08 00:30", A::Earlier, N::Forward),
            Ok("2024-09-08 04:30".into())
        );
        assert_eq!(
            utc("2024-09-08 00:30", A::Earlier, N::Reject),
            Err(LocalTimeFault::Nonexistent)
        );
        // Ordinary times on either side.
        assert_eq!(
            utc("2024-07-01 08:00", A::Reject, N::Reject),
            Ok("2024-07-01 12:00".into())
        );
        assert_eq!(
            utc("2024-01-14 23:00", A::Reject, N::Reject),
            Ok("2024-01-15 02:00".into())
        );
    }
}
