//! Cross-source linking: how likely two records of different sources describe the same event.
//!
//! A pair is a candidate only when its sources differ, its times are at most
//! [`WINDOW_MINUTES`] apart, its points are within reach of each other (their accuracies
//! added, see [`reach_m`]) and its categories are compatible. Its score, in `0..=1`, weighs:
//! - **space** (0.35): `1 − d / reach`;
//! - **time** (0.30): `1 − Δt / window`;
//! - **category** (0.20): 1 for the same code, less when one side is unspecific or only the
//!   group agrees;
//! - **text** (0.15): word overlap of the two descriptions (Jaccard over folded words).
//!
//! Above [`AUTO_CONFIRM`] a pair is merged without asking; from [`REVIEW`] up it waits for an
//! analyst (`atalaya links review`); below, nothing happens. The weights and thresholds are
//! measured against the demo generator's truth (`crates/atalaya/tests/linking.rs`).

use std::collections::BTreeSet;

use serde::Serialize;

use crate::values::fold;

/// Two records further apart in time than this are never the same event, minutes.
pub const WINDOW_MINUTES: f64 = 90.0;
/// Two records further apart than this are never the same event, metres (whatever their
/// accuracies say).
pub const MAX_REACH_M: f64 = 400.0;
/// A pair scoring at least this is merged without asking.
pub const AUTO_CONFIRM: f64 = 0.5;
/// A pair scoring at least this (and below [`AUTO_CONFIRM`]) waits for an analyst.
pub const REVIEW: f64 = 0.35;

/// What the linker compares of a record.
#[derive(Clone, Debug, PartialEq)]
pub struct LinkRecord {
    /// The source it came from.
    pub source: [u8; 16],
    /// When it happened, Unix seconds.
    pub at: i64,
    /// Longitude, WGS84.
    pub lon: f64,
    /// Latitude, WGS84.
    pub lat: f64,
    /// How far the true place may be, metres (`None`: the source did not say).
    pub accuracy_m: Option<f64>,
    /// Standard category code.
    pub category: String,
    /// Free-text description.
    pub description: String,
}

/// A candidate pair's score and what it is made of.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct LinkScore {
    /// The weighted total, `0..=1`.
    pub total: f64,
    /// Spatial closeness, `0..=1`.
    pub space: f64,
    /// Temporal closeness, `0..=1`.
    pub time: f64,
    /// Category agreement, `0..=1`.
    pub category: f64,
    /// Description overlap, `0..=1`.
    pub text: f64,
    /// Distance between the points, metres.
    pub distance_m: f64,
    /// Time between the records, minutes.
    pub minutes: f64,
}

/// What the linker does with a pair of this score.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Merge without asking.
    Merge,
    /// Queue for an analyst.
    Review,
    /// Leave apart.
    Apart,
}

impl LinkScore {
    /// What to do with the pair.
    pub fn verdict(&self) -> Verdict {
        if self.total >= AUTO_CONFIRM {
            Verdict::Merge
        } else if self.total >= REVIEW {
            Verdict::Review
        } else {
            Verdict::Apart
        }
    }
}

/// Accuracy assumed for a point whose source gave none, metres.
const DEFAULT_ACCURACY_M: f64 = 50.0;

/// How far apart two points of these accuracies may be and still be one place, metres.
pub fn reach_m(a: Option<f64>, b: Option<f64>) -> f64 {
    let acc = |x: Option<f64>| {
        x.filter(|v| v.is_finite() && *v > 0.0)
            .unwrap_or(DEFAULT_ACCURACY_M)
    };
    (1.5 * (acc(a) + acc(b)) + 30.0).min(MAX_REACH_M)
}

/// Distance between two WGS84 points, metres (equirectangular: exact enough within a city).
pub fn distance_m(lon1: f64, lat1: f64, lon2: f64, lat2: f64) -> f64 {
    const M_PER_DEG_LAT: f64 = 110_574.0;
    const M_PER_DEG_LON_EQ: f64 = 111_320.0;
    let mid = ((lat1 + lat2) / 2.0).to_radians();
    let dx = (lon2 - lon1) * M_PER_DEG_LON_EQ * mid.cos();
    let dy = (lat2 - lat1) * M_PER_DEG_LAT;
    dx.hypot(dy)
}

/// How well two category codes agree: `None` when they cannot be the same event.
pub fn category_agreement(a: &str, b: &str) -> Option<f64> {
    const UNSPECIFIC: &str = "otr.otros";
    let group = |c: &str| c.split('.').next().unwrap_or("").to_string();
    if a == b {
        Some(1.0)
    } else if a == UNSPECIFIC || b == UNSPECIFIC {
        Some(0.6)
    } else if group(a) == group(b) {
        Some(0.5)
    } else {
        None
    }
}

/// Word overlap of two texts: Jaccard over their folded words of three letters or more.
pub fn text_overlap(a: &str, b: &str) -> f64 {
    let words = |t: &str| -> BTreeSet<String> {
        fold(t)
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().count() >= 3)
            .map(str::to_string)
            .collect()
    };
    let (wa, wb) = (words(a), words(b));
    let union = wa.union(&wb).count();
    if union == 0 {
        return 0.0;
    }
    wa.intersection(&wb).count() as f64 / union as f64
}

/// The score of `a` and `b` as the same event, or `None` when they cannot be.
pub fn score(a: &LinkRecord, b: &LinkRecord) -> Option<LinkScore> {
    if a.source == b.source {
        return None;
    }
    let minutes = (a.at - b.at).unsigned_abs() as f64 / 60.0;
    if minutes > WINDOW_MINUTES {
        return None;
    }
    let distance_m = distance_m(a.lon, a.lat, b.lon, b.lat);
    let reach = reach_m(a.accuracy_m, b.accuracy_m);
    if distance_m.is_nan() || distance_m > reach {
        return None;
    }
    let category = category_agreement(&a.category, &b.category)?;
    let space = 1.0 - distance_m / reach;
    let time = 1.0 - minutes / WINDOW_MINUTES;
    let text = text_overlap(&a.description, &b.description);
    let total = 0.35 * space + 0.30 * time + 0.20 * category + 0.15 * text;
    Some(LinkScore {
        total,
        space,
        time,
        category,
        text,
        distance_m,
        minutes,
    })
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn record(source: u8, at: i64, lon: f64, lat: f64, category: &str, text: &str) -> LinkRecord {
        LinkRecord {
            source: [source; 16],
            at,
            lon,
            lat,
            accuracy_m: Some(25.0),
            category: category.into(),
            description: text.into(),
        }
    }

    #[test]
    fn the_same_robbery_seen_twice_is_merged() {
        let patrol = record(
            1,
            0,
            -70.6100,
            -33.4260,
            "dmcs.robo_sorpresa",
            "Arrebato de celular",
        );
        let camera = record(
            2,
            240,
            -70.6101,
            -33.4261,
            "dmcs.robo_sorpresa",
            "arrebato de celular a transeúnte",
        );
        let s = score(&patrol, &camera).unwrap();
        assert!(s.distance_m > 10.0 && s.distance_m < 20.0, "{s:?}");
        assert_eq!(s.minutes, 4.0);
        assert_eq!(s.verdict(), Verdict::Merge, "{s:?}");
    }

    #[test]
    fn a_pair_that_cannot_be_one_event_has_no_score() {
        let a = record(1, 0, -70.61, -33.426, "dmcs.hurto", "x");
        // Same source, too late, too far, incompatible category.
        assert_eq!(score(&a, &LinkRecord { ..a.clone() }), None);
        assert_eq!(
            score(&a, &record(2, 91 * 60, -70.61, -33.426, "dmcs.hurto", "x")),
            None
        );
        assert_eq!(
            score(&a, &record(2, 0, -70.60, -33.426, "dmcs.hurto", "x")),
            None
        );
        assert_eq!(
            score(
                &a,
                &record(2, 0, -70.61, -33.426, "inc.ruidos_molestos", "x")
            ),
            None
        );
    }

    #[test]
    fn an_unspecific_category_or_the_same_group_agrees_in_part() {
        assert_eq!(category_agreement("dmcs.hurto", "otr.otros"), Some(0.6));
        assert_eq!(
            category_agreement("dmcs.hurto", "dmcs.robo_sorpresa"),
            Some(0.5)
        );
        assert_eq!(category_agreement("dmcs.hurto", "inc.danos"), None);
    }

    proptest! {
        #[test]
        fn the_score_is_symmetric_and_bounded(
            t in -10_000i64..10_000, dx in -0.004f64..0.004, dy in -0.004f64..0.004,
            acc_a in proptest::option::of(1.0f64..500.0), acc_b in proptest::option::of(1.0f64..500.0),
            same in any::<bool>(), words in "[a-z ]{0,30}",
        ) {
            let mut a = record(1, 0, -70.61, -33.426, "dmcs.hurto", &words);
            let mut b = record(2, t, -70.61 + dx, -33.426 + dy, if same { "dmcs.hurto" } else { "otr.otros" }, "hurto de billetera");
            a.accuracy_m = acc_a;
            b.accuracy_m = acc_b;
            let ab = score(&a, &b);
            prop_assert_eq!(ab, score(&b, &a));
            if let Some(s) = ab {
                prop_assert!((0.0..=1.0).contains(&s.total), "{:?}", s);
                prop_assert!(s.distance_m <= MAX_REACH_M);
            }
        }
    }
}
