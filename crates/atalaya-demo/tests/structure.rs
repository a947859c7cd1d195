//! The structure an analyst should find in the demo incidents: the category mix, rhythms,
//! hot spots, seasonality and trend, and near-repeat burglary chains.

mod common;

use atalaya_model::{Incident, Sensitivity, Taxonomy};
use chrono::{Datelike, Timelike};
use common::{city, metres, point, sample};
use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;

fn share(pred: impl Fn(&Incident) -> bool) -> f64 {
    sample().iter().filter(|i| pred(i)).count() as f64 / sample().len() as f64
}

/// Local (Santiago) hour and weekday (Monday = 0) of an incident.
fn local_hour_weekday(i: &Incident) -> (u32, u32) {
    let t = i
        .occurred_from
        .with_timezone(&atalaya_model::time::LOCAL_TZ);
    (t.hour(), t.weekday().num_days_from_monday())
}

fn of(code: &'static str) -> impl Iterator<Item = &'static Incident> {
    sample().iter().filter(move |i| i.category == code)
}

#[test]
fn given_30k_incidents_then_category_shares_fall_in_their_expected_ranges() {
    let expected = [
        ("dmcs.hurto", 0.20, 0.28),
        ("dmcs.robo_sorpresa", 0.075, 0.115),
        ("dmcs.robo_violencia", 0.065, 0.10),
        ("dmcs.robo_lugar_habitado", 0.025, 0.06),
        ("dmcs.homicidio", 0.0, 0.001),
        ("dmcs.violacion", 0.0005, 0.005),
        ("vif.violencia_intrafamiliar", 0.03, 0.05),
        ("inc.ruidos_molestos", 0.04, 0.07),
    ];
    for (code, lo, hi) in expected {
        let s = share(|i| i.category == code);
        assert!((lo..=hi).contains(&s), "{code}: {s:.4} not in {lo}..={hi}");
    }
    let homicides = of("dmcs.homicidio").count();
    assert!(
        homicides < of("dmcs.hurto").count() / 100,
        "{homicides} homicides"
    );
    for category in Taxonomy::standard().categories {
        assert!(
            of_code(&category.code) > 0,
            "{} never generated",
            category.code
        );
    }
}

fn of_code(code: &str) -> usize {
    sample().iter().filter(|i| i.category == code).count()
}

#[test]
fn given_incidents_then_only_rape_and_domestic_violence_are_confidential() {
    for i in sample() {
        let confidential = i.category == "dmcs.violacion" || i.category.starts_with("vif.");
        let expected = if confidential {
            Sensitivity::Confidential
        } else {
            Sensitivity::Normal
        };
        assert_eq!(i.sensitivity, expected, "{}", i.category);
    }
}

#[test]
fn given_robbery_with_violence_then_its_hour_profile_peaks_in_the_evening() {
    let mut hours = [0usize; 24];
    of("dmcs.robo_violencia").for_each(|i| hours[local_hour_weekday(i).0 as usize] += 1);
    let peak = (0..24).max_by_key(|&h| hours[h]).unwrap();
    assert!((19..=23).contains(&peak), "peak at {peak}: {hours:?}");
    let (evening, morning): (usize, usize) =
        (hours[18..24].iter().sum(), hours[6..12].iter().sum());
    assert!(evening > 2 * morning, "{hours:?}");
}

#[test]
fn given_shoplifting_and_noise_then_they_keep_shop_hours_and_weekend_nights() {
    let hurto: Vec<u32> = of("dmcs.hurto").map(|i| local_hour_weekday(i).0).collect();
    let shop_hours =
        hurto.iter().filter(|h| (10..=19).contains(*h)).count() as f64 / hurto.len() as f64;
    assert!(shop_hours > 0.6, "{shop_hours}");
    // Friday 20:00 to Sunday 05:00 is 33 of the week's 168 hours (20 %).
    let noise: Vec<(u32, u32)> = of("inc.ruidos_molestos").map(local_hour_weekday).collect();
    let weekend_night = |&(h, d): &(u32, u32)| (d == 4 && h >= 20) || d == 5 || (d == 6 && h < 5);
    let s = noise.iter().filter(|x| weekend_night(x)).count() as f64 / noise.len() as f64;
    assert!(s > 0.4, "{s}");
}

#[test]
fn given_incidents_then_metro_stations_are_hot_spots() {
    let stations = &city().metro_stations;
    let near = share(|i| stations.iter().any(|s| metres(s.1, point(i)) <= 250.0));
    // Six 250 m discs cover at most 8.3 % of the comuna's 14.3 km².
    assert!(near > 3.0 * 0.083, "{near}");
}

#[test]
fn given_three_years_then_there_is_an_upward_trend_and_a_december_peak() {
    let year = |y: i32| {
        share(|i| {
            i.occurred_from
                .with_timezone(&atalaya_model::time::LOCAL_TZ)
                .year()
                == y
        })
    };
    let growth = year(2025) / year(2023);
    assert!((1.05..1.2).contains(&growth), "{growth}");
    let month = |m: u32| {
        share(|i| {
            i.occurred_from
                .with_timezone(&atalaya_model::time::LOCAL_TZ)
                .month()
                == m
        })
    };
    let (december, february) = (month(12) / 31.0, month(2) / 28.33);
    assert!(december > 1.15 * february, "{december} vs {february}");
}

/// Burglary pairs within 200 m and 14 days, with each event's time taken from `time_of`.
fn close_pairs(burglaries: &[&Incident], time_of: impl Fn(usize) -> i64) -> usize {
    let mut pairs = 0;
    for i in 0..burglaries.len() {
        for j in i + 1..burglaries.len() {
            let days = (time_of(i) - time_of(j)).abs() as f64 / 86_400.0;
            if days <= 14.0 && metres(point(burglaries[i]), point(burglaries[j])) <= 200.0 {
                pairs += 1;
            }
        }
    }
    pairs
}

#[test]
fn given_home_burglaries_then_near_repeat_pairs_far_exceed_a_time_shuffled_baseline() {
    let burglaries: Vec<&Incident> = of("dmcs.robo_lugar_habitado").collect();
    let times: Vec<i64> = burglaries
        .iter()
        .map(|i| i.occurred_from.timestamp())
        .collect();
    let observed = close_pairs(&burglaries, |i| times[i]);
    // Baseline: the same places with their times randomly permuted, averaged over four shuffles.
    let mut rng = ChaCha8Rng::seed_from_u64(11);
    let baseline: usize = (0..4)
        .map(|_| {
            let mut shuffled = times.clone();
            shuffled.shuffle(&mut rng);
            close_pairs(&burglaries, |i| shuffled[i])
        })
        .sum::<usize>()
        / 4;
    assert!(
        observed > 3 * baseline.max(1),
        "observed {observed}, baseline {baseline}, {} burglaries",
        burglaries.len()
    );
}
