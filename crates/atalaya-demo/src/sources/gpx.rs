//! The móviles' GPS tracks as the AVL system exports them: GPX 1.1, one `<trk>` per móvil and
//! shift (its `<name>` the móvil, a `<trkseg>` of `<trkpt lat lon><time>` points in UTC every
//! 30–60 s, split in two where the signal dropped), as `assets/profiles/patrullaje_gps.toml`
//! reads them. Only the last [`DAYS`] days of the demo period, so the file stays a few MB.
//!
//! Each track drives the street network ([`super::drive`]) and passes by every event its
//! móvil reported in the patrol CSV during the shift, at the time it reported it.
//!
//! Faults, listed in `.truth.csv` with no event: a point whose time is local and not ISO
//! (`bad_date`), a shift with no points — the GPS was off (`no_location`), a track without its
//! móvil's code (`missing_value`), a track exported twice (`duplicate`). A point outside the
//! comuna is no fault for a track (a móvil may cross into the next comuna), so none is planted.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use atalaya_model::GeoPoint;
use atalaya_model::time::LOCAL_TZ;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::drive::{Call, Drive};
use super::network::StreetNetwork;
use super::roster::{SHIFT_HOURS, SHIFTS, UNITS_PER_SHIFT, shift_of, span, unit};
use super::{Fault, TruthEntry};
use crate::DemoConfig;
use crate::city::DemoCity;
use crate::frame::{round6, to_degrees, to_metres};
use crate::sampling::{below, chance, disc, unit as uniform};

/// The file written.
pub(crate) const FILE: &str = "patrullaje_gps.gpx";
/// Days of tracks: the last week of the demo period.
pub(crate) const DAYS: u32 = 7;
/// Share of tracks given each fault.
pub(crate) const TRACK_FAULT_SHARE: f64 = 0.02;
/// The móviles leave from the municipal security base, near the Municipalidad.
const BASE: GeoPoint = GeoPoint {
    lon: -70.6105,
    lat: -33.4290,
};
/// Scatter of a GPS fix, metres.
const GPS_ERROR_M: f64 = 4.0;

/// A móvil's shift: the local day it started, its index in the roster, the móvil.
type ShiftKey = (NaiveDate, usize, String);
/// When a móvil reported being at an event, and where the event was.
type Attendance = (DateTime<Utc>, GeoPoint);

/// The móviles' shifts in the window and the events each attended.
pub(crate) struct Tracks {
    first_day: NaiveDate,
    end_day: NaiveDate,
    calls: BTreeMap<ShiftKey, Vec<Attendance>>,
}

impl Tracks {
    /// The last [`DAYS`] days of `config`'s period.
    pub(crate) fn new(config: &DemoConfig) -> Self {
        let end_day = config.start + Duration::days(i64::from(config.days));
        let first_day = end_day - Duration::days(i64::from(config.days.min(DAYS)));
        Self {
            first_day,
            end_day,
            calls: BTreeMap::new(),
        }
    }

    /// The patrol reported event `event_no` at `at`, at `point`: its móvil drives there.
    pub(crate) fn attend(&mut self, at: DateTime<Utc>, event_no: usize, point: GeoPoint) {
        let (day, shift) = shift_of(at);
        if (self.first_day..self.end_day).contains(&day) {
            let key = (day, shift, unit(shift, event_no));
            self.calls.entry(key).or_default().push((at, point));
        }
    }

    /// Write the file into `dir`: the file, its tracks (a duplicate counted twice), and a
    /// truth entry per track.
    pub(crate) fn write(
        mut self,
        dir: &Path,
        city: &DemoCity,
        seed: u64,
    ) -> std::io::Result<(PathBuf, u64, Vec<TruthEntry>)> {
        let path = dir.join(FILE);
        let mut out = BufWriter::with_capacity(1 << 16, File::create(&path)?);
        let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x6770_7874_7261_636b);
        let net = StreetNetwork::new(&city.streets);
        let base = net.nearest(to_metres(BASE));
        writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
        writeln!(
            out,
            r#"<gpx version="1.1" creator="AVL Seguridad Municipal" xmlns="http://www.topografix.com/GPX/1/1">"#
        )?;
        writeln!(
            out,
            "<metadata><name>Recorridos móviles {} a {}</name></metadata>",
            self.first_day,
            self.end_day - Duration::days(1)
        )?;
        let (mut rows, mut truth) = (0, Vec::new());
        let mut day = self.first_day;
        while day < self.end_day {
            for shift in 0..SHIFTS.len() {
                for k in 0..UNITS_PER_SHIFT {
                    let code = unit(shift, k);
                    let mut calls = self
                        .calls
                        .remove(&(day, shift, code.clone()))
                        .unwrap_or_default();
                    calls.sort_by_key(|c| c.0);
                    let fault = track_fault(&mut rng);
                    let shift_track = ShiftTrack {
                        unit: &code,
                        day,
                        shift,
                        calls: &calls,
                        fault,
                    };
                    let text = shift_track.gpx(&net, base, &mut rng);
                    let times = if fault == Fault::Duplicate { 2 } else { 1 };
                    for _ in 0..times {
                        out.write_all(text.as_bytes())?;
                        rows += 1;
                    }
                    let start = span(day, shift).0;
                    truth.push(TruthEntry {
                        record_id: format!("{code}@{}", start.format("%Y-%m-%dT%H:%M:%SZ")),
                        event: None,
                        fault,
                    });
                }
            }
            day += Duration::days(1);
        }
        writeln!(out, "</gpx>")?;
        out.flush()?;
        Ok((path, rows, truth))
    }
}

fn track_fault(rng: &mut ChaCha8Rng) -> Fault {
    match (uniform(rng) / TRACK_FAULT_SHARE) as u32 {
        0 => Fault::BadDate,
        1 => Fault::NoLocation,
        2 => Fault::MissingValue,
        3 => Fault::Duplicate,
        _ => Fault::None,
    }
}

/// One móvil's shift to write.
struct ShiftTrack<'a> {
    unit: &'a str,
    day: NaiveDate,
    shift: usize,
    calls: &'a [Attendance],
    fault: Fault,
}

impl ShiftTrack<'_> {
    /// The `<trk>` element, with its fault.
    fn gpx(&self, net: &StreetNetwork, base: usize, rng: &mut ChaCha8Rng) -> String {
        let (start, _) = span(self.day, self.shift);
        let length_s = (SHIFT_HOURS * 3600) as f64;
        let calls: Vec<Call> = self
            .calls
            .iter()
            .map(|(at, p)| Call {
                at_s: (*at - start).num_seconds() as f64,
                point: to_metres(*p),
            })
            .collect();
        let drive = Drive::plan(net, rng, base, length_s, &calls);
        let name = if self.fault == Fault::MissingValue {
            ""
        } else {
            self.unit
        };
        let mut s = String::with_capacity(64 * 1024);
        let _ = write!(
            s,
            "<trk>\n<name>{name}</name>\n<desc>Turno {} {}</desc>\n<type>patrullaje</type>\n<trkseg>\n",
            SHIFTS[self.shift].0, self.day
        );
        if self.fault != Fault::NoLocation {
            // Sample every 30–60 s; now and then the signal drops for 3–10 minutes.
            let mut times = Vec::new();
            let mut t = 0i64;
            while t < SHIFT_HOURS * 3600 {
                times.push(t);
                t += 30 + below(rng, 31) as i64;
            }
            let split = chance(rng, 0.2).then(|| {
                let at = 1 + below(rng, times.len() - 1);
                let lost = (4 + below(rng, 10)).min(times.len() - at - 1);
                times.drain(at..at + lost);
                at
            });
            let bad = (self.fault == Fault::BadDate).then(|| below(rng, times.len()));
            let mut cursor = 0;
            for (i, &t) in times.iter().enumerate() {
                if split == Some(i) {
                    s.push_str("</trkseg>\n<trkseg>\n");
                }
                let (dx, dy) = disc(rng);
                let m = drive.at(&mut cursor, t as f64);
                let p = round6(to_degrees([
                    m[0] + dx * GPS_ERROR_M,
                    m[1] + dy * GPS_ERROR_M,
                ]));
                let at = start + Duration::seconds(t);
                let time = if bad == Some(i) {
                    at.with_timezone(&LOCAL_TZ)
                        .format("%d-%m-%Y %H:%M:%S")
                        .to_string()
                } else {
                    at.format("%Y-%m-%dT%H:%M:%SZ").to_string()
                };
                let _ = writeln!(
                    s,
                    r#"<trkpt lat="{:.6}" lon="{:.6}"><time>{time}</time></trkpt>"#,
                    p.lat, p.lon
                );
            }
        }
        s.push_str("</trkseg>\n</trk>\n");
        s
    }
}
