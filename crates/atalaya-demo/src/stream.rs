//! The incident stream: first events drawn from the category mix, plus near-repeat burglary
//! follow-ups queued behind the event that spawned them.
//!
//! Everything comes from one `ChaCha8Rng`, in a fixed order of draws, so a seed and a config
//! give the same sequence everywhere. Follow-ups are emitted right after their parent (the
//! stream is not sorted by time) and count towards the requested total.

use std::collections::VecDeque;

use atalaya_model::{GeoPoint, Incident, IncidentId, IncidentStatus, LocationPrecision};
use chrono::{DateTime, Duration, Utc};
use rand::{RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::DemoConfig;
use crate::categories::{BURGLARY, PROFILES, Profile};
use crate::city::DemoCity;
use crate::describe::describe;
use crate::frame::{offset, round6};
use crate::places::{Place, PlaceModel};
use crate::rhythm::Calendar;
use crate::sampling::{Cdf, chance, disc, unit};

/// Probability that a burglary spawns follow-ups nearby.
const REPEAT_PROBABILITY: f64 = 0.5;
/// Follow-ups fall within this distance of their parent.
const REPEAT_RADIUS_M: f64 = 200.0;
/// ... and 1..=this many days after it.
const REPEAT_DAYS: f64 = 13.0;
/// Chains stop after this many generations.
const REPEAT_MAX_DEPTH: u8 = 3;

/// A burglary waiting to be emitted: near `near`, some days after `day`.
#[derive(Clone, Copy, Debug)]
struct FollowUp {
    near: GeoPoint,
    day: u32,
    depth: u8,
}

/// Iterator over synthetic incidents; see [`crate::incidents`].
pub(crate) struct IncidentStream<'a> {
    city: &'a DemoCity,
    rng: ChaCha8Rng,
    remaining: usize,
    calendar: Calendar,
    mix: Cdf,
    place_mix: Vec<Cdf>,
    places: PlaceModel,
    burglary: usize,
    pending: VecDeque<FollowUp>,
}

impl<'a> IncidentStream<'a> {
    pub(crate) fn new(config: &DemoConfig, city: &'a DemoCity) -> Self {
        let remaining = if config.days == 0 {
            0
        } else {
            config.incidents
        };
        Self {
            city,
            rng: ChaCha8Rng::seed_from_u64(config.seed),
            remaining,
            calendar: Calendar::new(config.start, config.days.max(1)),
            mix: Cdf::new(PROFILES.iter().map(|p| p.per_mille)),
            place_mix: PROFILES.iter().map(|p| Cdf::new(p.places)).collect(),
            places: PlaceModel::new(&city.metro_stations, &city.streets, city.index.bounds),
            burglary: PROFILES
                .iter()
                .position(|p| p.code == BURGLARY)
                .unwrap_or(0),
            pending: VecDeque::new(),
        }
    }

    fn first_event(&mut self) -> Incident {
        let category = self.mix.sample(&mut self.rng);
        let profile = &PROFILES[category];
        let place = Place::ALL[self.place_mix[category].sample(&mut self.rng)];
        let at = self
            .places
            .sample(place, &self.city.index.comuna, &mut self.rng);
        let day = self.calendar.day(profile.rhythm, &mut self.rng);
        let accuracy = if place == Place::Background {
            50.0 + 150.0 * unit(&mut self.rng)
        } else {
            5.0 + 45.0 * unit(&mut self.rng)
        };
        self.finish(category, at, day, accuracy, 0)
    }

    /// A follow-up, or `None` when it would fall outside the comuna or the calendar.
    fn follow_up(&mut self, f: FollowUp) -> Option<Incident> {
        let (dx, dy) = disc(&mut self.rng);
        // Squaring concentrates follow-ups close to the parent, as near-repeat studies find.
        let (u, lag) = (unit(&mut self.rng), unit(&mut self.rng));
        let r = REPEAT_RADIUS_M * (0.1 + 0.9 * u * u);
        let norm = (dx * dx + dy * dy).sqrt().max(1e-9);
        let at = round6(offset(f.near, r * dx / norm, r * dy / norm));
        let day = f.day + 1 + (REPEAT_DAYS * lag * lag) as u32;
        let accuracy = 5.0 + 25.0 * unit(&mut self.rng);
        if day >= self.calendar.days() || self.city.index.comuna.find(at).is_none() {
            return None;
        }
        Some(self.finish(self.burglary, at, day, accuracy, f.depth))
    }

    /// Fill in time, ids and text; queue near repeats for burglaries.
    fn finish(
        &mut self,
        category: usize,
        at: GeoPoint,
        day: u32,
        accuracy_m: f64,
        depth: u8,
    ) -> Incident {
        let profile: &Profile = &PROFILES[category];
        let occurred_from = self.calendar.instant(profile.rhythm, day, &mut self.rng);
        let occurred_to = profile
            .span_h
            .map(|(lo, hi)| occurred_from + minutes(60.0 * (lo + (hi - lo) * unit(&mut self.rng))));
        let (lo, hi) = profile.delay_min;
        let delay = lo + (hi - lo) * unit(&mut self.rng) * unit(&mut self.rng);
        let reported_at = occurred_to.unwrap_or(occurred_from) + minutes(delay);
        let mut random = [0u8; 10];
        self.rng.fill_bytes(&mut random);
        if category == self.burglary
            && depth < REPEAT_MAX_DEPTH
            && chance(&mut self.rng, REPEAT_PROBABILITY)
        {
            let extra =
                usize::from(chance(&mut self.rng, 0.4)) + usize::from(chance(&mut self.rng, 0.15));
            for _ in 0..=extra {
                self.pending.push_back(FollowUp {
                    near: at,
                    day,
                    depth: depth + 1,
                });
            }
        }
        let description = describe(profile.code, &mut self.rng);
        let (cuadrante, barrio) = crate::locate(self.city, at);
        Incident {
            id: IncidentId::from_parts(unix_ms(occurred_from), random),
            occurred_from,
            occurred_to,
            reported_at: Some(reported_at),
            category: profile.code.to_owned(),
            original_category: None,
            description,
            location: Some(at),
            accuracy_m: Some(accuracy_m.round()),
            location_precision: Some(LocationPrecision::Reported),
            address: self.city.index.addresses.address(at),
            cuadrante,
            barrio,
            status: IncidentStatus::Reported,
            sensitivity: profile.sensitivity(),
            source_id: None,
            batch_id: None,
            created_by: None,
        }
    }
}

impl Iterator for IncidentStream<'_> {
    type Item = Incident;

    fn next(&mut self) -> Option<Incident> {
        if self.remaining == 0 {
            return None;
        }
        let incident = loop {
            match self.pending.pop_front() {
                Some(f) => {
                    if let Some(incident) = self.follow_up(f) {
                        break incident;
                    }
                }
                None => break self.first_event(),
            }
        };
        self.remaining -= 1;
        Some(incident)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.remaining, Some(self.remaining))
    }
}

fn minutes(m: f64) -> Duration {
    Duration::minutes(m.round() as i64)
}

fn unix_ms(t: DateTime<Utc>) -> u64 {
    u64::try_from(t.timestamp_millis()).unwrap_or(0)
}
