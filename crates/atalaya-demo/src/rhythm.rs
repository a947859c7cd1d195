//! When incidents happen: hour-of-day × weekday profiles per kind of offence, a seasonal
//! cycle and a slow upward trend, sampled through precomputed tables.
//!
//! A rhythm's weight for a local hour `h` on day `d` is
//! `season(month(d)) × trend(d) × hours[h] × weekday(d)`; for night-life rhythms the small hours
//! (0–5) take the weekday factor of the evening before, so "Friday night" lands on Saturday
//! 01:00. Days are drawn from the marginal over days, then the hour given the day's weekday.

use chrono::{DateTime, Datelike, Days, NaiveDate, TimeZone, Utc};
use rand::RngCore;

use atalaya_model::time::LOCAL_TZ;

use crate::sampling::{Cdf, below};

/// A shape of the week: which hours and days an offence prefers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Rhythm {
    /// Street robbery: afternoon rise, evening peak around 21 h, weekend nights.
    EveningStreet,
    /// Snatch theft: the commuting peaks, working days.
    Commute,
    /// Shoplifting and street trade: shop hours, Saturdays busy, Sundays quiet.
    ShopHours,
    /// Burglary of homes: working hours on weekdays, when homes are empty.
    EmptyHomes,
    /// Burglary of shops, vehicle crime: the small hours.
    SmallHours,
    /// Noise, disorder, drinking: late evening to 4 h, Friday and Saturday nights.
    NightLife,
    /// Domestic violence and threats: evenings and weekends.
    Domestic,
    /// Everything else: daytime.
    Daytime,
}

impl Rhythm {
    const ALL: [Rhythm; 8] = [
        Rhythm::EveningStreet,
        Rhythm::Commute,
        Rhythm::ShopHours,
        Rhythm::EmptyHomes,
        Rhythm::SmallHours,
        Rhythm::NightLife,
        Rhythm::Domestic,
        Rhythm::Daytime,
    ];

    #[rustfmt::skip]
    fn hours(self) -> [f64; 24] {
        match self {
            Rhythm::EveningStreet => [5.0, 4.0, 3.0, 2.5, 2.0, 1.5, 1.5, 2.0, 2.5, 2.5, 2.5, 2.5, 3.0, 3.0, 3.0, 3.0, 3.5, 4.0, 5.0, 6.5, 7.5, 8.0, 7.5, 6.5],
            Rhythm::Commute => [1.0, 0.6, 0.4, 0.3, 0.3, 0.6, 1.5, 3.5, 5.0, 4.0, 3.0, 3.0, 3.5, 3.5, 3.0, 3.0, 3.5, 4.5, 6.0, 6.0, 5.0, 3.5, 2.5, 1.5],
            Rhythm::ShopHours => [0.3, 0.2, 0.1, 0.1, 0.1, 0.2, 0.5, 1.5, 3.0, 5.0, 7.0, 8.0, 9.0, 9.0, 8.0, 8.0, 8.5, 9.0, 9.0, 7.5, 5.0, 3.0, 1.5, 0.7],
            Rhythm::EmptyHomes => [2.0, 1.5, 1.2, 1.2, 1.0, 1.0, 1.5, 2.5, 4.0, 5.5, 6.0, 6.0, 5.5, 5.5, 6.0, 6.0, 5.5, 5.0, 4.5, 4.0, 3.5, 3.0, 2.5, 2.2],
            Rhythm::SmallHours => [6.0, 6.5, 6.5, 6.0, 5.0, 4.0, 2.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 2.0, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5.5],
            Rhythm::NightLife => [8.0, 8.0, 7.0, 5.0, 3.0, 1.5, 0.5, 0.3, 0.3, 0.3, 0.5, 0.8, 1.0, 1.2, 1.2, 1.3, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.5, 7.5],
            Rhythm::Domestic => [2.5, 2.0, 1.5, 1.0, 0.8, 0.6, 0.8, 1.2, 1.5, 2.0, 2.0, 2.5, 3.0, 3.0, 3.0, 3.0, 3.5, 4.0, 5.0, 6.0, 6.5, 6.0, 5.0, 3.5],
            Rhythm::Daytime => [1.0, 0.7, 0.5, 0.4, 0.4, 0.5, 1.0, 2.0, 3.0, 4.0, 4.5, 5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 4.5, 4.0, 3.5, 3.0, 2.0, 1.5],
        }
    }

    /// Monday first.
    fn weekdays(self) -> [f64; 7] {
        match self {
            Rhythm::EveningStreet => [1.0, 1.0, 1.0, 1.05, 1.2, 1.25, 0.95],
            Rhythm::Commute => [1.1, 1.1, 1.1, 1.1, 1.1, 0.6, 0.4],
            Rhythm::ShopHours => [1.0, 1.0, 1.0, 1.0, 1.15, 1.2, 0.55],
            Rhythm::EmptyHomes => [1.1, 1.1, 1.1, 1.1, 1.05, 0.8, 0.7],
            Rhythm::SmallHours => [1.0, 1.0, 1.0, 1.0, 1.1, 1.3, 1.3],
            Rhythm::NightLife => [0.5, 0.5, 0.7, 1.2, 2.6, 3.0, 0.8],
            Rhythm::Domestic => [0.9, 0.9, 0.9, 0.9, 1.0, 1.4, 1.5],
            Rhythm::Daytime => [1.05, 1.05, 1.05, 1.05, 1.05, 0.9, 0.8],
        }
    }

    /// Whether the small hours belong to the previous evening.
    fn night_follows_evening(self) -> bool {
        matches!(
            self,
            Rhythm::NightLife | Rhythm::SmallHours | Rhythm::EveningStreet
        )
    }

    /// Month factor (January first): a December shopping peak, a quiet February holiday; night
    /// life is louder in summer.
    fn season(self, month0: usize) -> f64 {
        const MONTHS: [f64; 12] = [
            0.93, 0.85, 1.02, 1.0, 1.02, 0.98, 1.0, 1.02, 0.95, 1.03, 1.05, 1.15,
        ];
        const SUMMER: [f64; 12] = [
            1.3, 1.25, 1.05, 0.95, 0.9, 0.85, 0.85, 0.9, 1.0, 1.05, 1.15, 1.3,
        ];
        MONTHS[month0]
            * if self == Rhythm::NightLife {
                SUMMER[month0]
            } else {
                1.0
            }
    }

    fn weight(self, weekday: usize, hour: usize) -> f64 {
        let day = if self.night_follows_evening() && hour < 6 {
            (weekday + 6) % 7
        } else {
            weekday
        };
        self.hours()[hour] * self.weekdays()[day]
    }
}

/// Yearly growth of the incident rate (6 % a year).
const TREND_PER_DAY: f64 = 0.06 / 365.0;

/// Sampling tables for one rhythm.
#[derive(Clone, Debug)]
struct Tables {
    days: Cdf,
    hours_by_weekday: Vec<Cdf>,
}

/// The calendar of a run: days `start .. start + days`, local time.
#[derive(Clone, Debug)]
pub(crate) struct Calendar {
    start: NaiveDate,
    days: u32,
    start_weekday: usize,
    tables: Vec<Tables>,
}

impl Calendar {
    /// Tables for every rhythm over `days` days from `start` (`days > 0`).
    pub(crate) fn new(start: NaiveDate, days: u32) -> Self {
        let start_weekday = start.weekday().num_days_from_monday() as usize;
        let months: Vec<usize> = (0..days)
            .map(|d| date(start, d).month0() as usize)
            .collect();
        let tables = Rhythm::ALL
            .iter()
            .map(|&r| {
                let day_sum: Vec<f64> = (0..7)
                    .map(|w| (0..24).map(|h| r.weight(w, h)).sum())
                    .collect();
                Tables {
                    days: Cdf::new((0..days as usize).map(|d| {
                        r.season(months[d])
                            * (1.0 + TREND_PER_DAY * d as f64)
                            * day_sum[(start_weekday + d) % 7]
                    })),
                    hours_by_weekday: (0..7)
                        .map(|w| Cdf::new((0..24).map(|h| r.weight(w, h))))
                        .collect(),
                }
            })
            .collect();
        Self {
            start,
            days,
            start_weekday,
            tables,
        }
    }

    /// Number of days in the calendar.
    pub(crate) fn days(&self) -> u32 {
        self.days
    }

    /// A day index drawn for `rhythm`.
    pub(crate) fn day(&self, rhythm: Rhythm, rng: &mut impl RngCore) -> u32 {
        self.tables[rhythm as usize].days.sample(rng) as u32
    }

    /// A local time on day `day` drawn for `rhythm`, as a UTC instant.
    pub(crate) fn instant(
        &self,
        rhythm: Rhythm,
        day: u32,
        rng: &mut impl RngCore,
    ) -> DateTime<Utc> {
        let weekday = (self.start_weekday + day as usize) % 7;
        let hour = self.tables[rhythm as usize].hours_by_weekday[weekday].sample(rng) as u32;
        let minute = below(rng, 60) as u32;
        local_to_utc(date(self.start, day), hour, minute)
    }
}

fn date(start: NaiveDate, day: u32) -> NaiveDate {
    start
        .checked_add_days(Days::new(u64::from(day)))
        .unwrap_or(NaiveDate::MAX)
}

/// A Santiago wall-clock time as UTC. A time skipped by the spring change (Chile moves from
/// 24:00 to 01:00) is read one hour later; a repeated autumn hour takes its first occurrence.
fn local_to_utc(date: NaiveDate, hour: u32, minute: u32) -> DateTime<Utc> {
    let wall = date.and_hms_opt(hour, minute, 0).unwrap_or_default();
    let local = LOCAL_TZ.from_local_datetime(&wall).earliest().or_else(|| {
        LOCAL_TZ
            .from_local_datetime(&(wall + chrono::Duration::hours(1)))
            .earliest()
    });
    // Santiago never skips two hours in a row, so the second attempt always exists.
    local.map(|t| t.with_timezone(&Utc)).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Timelike;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn given_santiago_wall_times_when_converted_then_offsets_follow_summer_and_winter_time() {
        let summer = NaiveDate::from_ymd_opt(2024, 1, 15).unwrap();
        let winter = NaiveDate::from_ymd_opt(2024, 7, 1).unwrap();
        assert_eq!(
            local_to_utc(summer, 21, 30).to_rfc3339(),
            "2024-01-16T00:30:00+00:00"
        );
        assert_eq!(
            local_to_utc(winter, 21, 30).to_rfc3339(),
            "2024-07-02T01:30:00+00:00"
        );
        // 2024-09-08 00:30 did not exist in Santiago (clocks jumped from 24:00 to 01:00).
        let spring = NaiveDate::from_ymd_opt(2024, 9, 8).unwrap();
        assert_eq!(
            local_to_utc(spring, 0, 30).to_rfc3339(),
            "2024-09-08T04:30:00+00:00"
        );
    }

    #[test]
    fn given_night_life_when_sampling_then_saturday_small_hours_outnumber_tuesday_ones() {
        // 2024-01-01 is a Monday: day 5 is Saturday, day 1 Tuesday.
        let calendar = Calendar::new(NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(), 7);
        let mut rng = ChaCha8Rng::seed_from_u64(5);
        let mut by_day = [0usize; 7];
        for _ in 0..20_000 {
            let day = calendar.day(Rhythm::NightLife, &mut rng);
            let t = calendar
                .instant(Rhythm::NightLife, day, &mut rng)
                .with_timezone(&LOCAL_TZ);
            if t.hour() < 5 {
                by_day[day as usize] += 1;
            }
        }
        assert!(by_day[5] > 3 * by_day[1], "{by_day:?}");
    }
}
