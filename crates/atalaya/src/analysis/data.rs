//! What the analyses read: events in the local plane (metres) with times in local days, from
//! the store through the user's filter or from a plain CSV of planar points.

use std::path::{Path, PathBuf};

use atalaya_analysis::{Event, LocalTime, Point};
use atalaya_model::AreaKind;
use atalaya_model::time::{LOCAL_TZ, from_unix, local_day_number};
use atalaya_store::SortOrder;
use chrono::Datelike;
use chrono::Timelike;
use geo::{BoundingRect, MapCoords, MultiPolygon};

use super::plane::LocalPlane;
use crate::view::SelectedIncidents;
use crate::{Error, FilterArgs, Result, Workspace};

/// Events ready for analysis.
#[derive(Debug, Clone)]
pub struct AnalysisData {
    /// The plane the events were projected into; `None` for planar input (a CSV).
    pub plane: Option<LocalPlane>,
    /// Where (metres) and when: `t` in days. From the store, local days since 1970-01-01 with
    /// the time of day as a fraction (so whole numbers are America/Santiago midnights); from a
    /// CSV, the `--t` column as given (0 without one).
    pub events: Vec<Event>,
    /// Local weekday and hour of each event, when times are known.
    pub times: Option<Vec<LocalTime>>,
    /// The study area in the plane (the comuna), when known.
    pub study_area: Option<MultiPolygon<f64>>,
    /// Incidents that matched but have no location (not analysed).
    pub unlocated: u64,
    /// The filter's time window as local days `[from, to)`, where it gives one: what the
    /// monthly series counts as covered (else the events' own first and last days).
    pub window_days: (Option<i32>, Option<i32>),
}

impl AnalysisData {
    /// The events' places.
    pub fn points(&self) -> Vec<Point> {
        self.events.iter().map(|e| e.point()).collect()
    }

    /// Whether the events carry times (store data, or a CSV read with `--t`).
    pub fn has_times(&self) -> bool {
        self.times.is_some()
    }

    /// Refuses an analysis that needs times when the data has none.
    pub(crate) fn require_times(&self, analysis: &'static str) -> Result<()> {
        if self.has_times() {
            Ok(())
        } else {
            Err(Error::invalid(
                "--t",
                "(none)",
                format!("a time column (days) for {analysis}: pass --t COL with --input"),
            ))
        }
    }
}

/// Weekday and hour of a time `t` in days since 1970-01-01 (day 0 was a Thursday).
pub(crate) fn local_time_of_days(t: f64) -> LocalTime {
    let day = t.floor();
    let hour = (((t - day) * 24.0).floor() as i64).clamp(0, 23) as u8;
    LocalTime {
        weekday: atalaya_analysis::calendar::weekday(day as i32),
        hour,
    }
}

impl Workspace {
    /// The incidents matching `args`, projected into the plane centred on the comuna (on the
    /// incidents' mean place when the store has no comuna boundary).
    pub fn analysis_data(&self, args: &FilterArgs) -> Result<AnalysisData> {
        self.analysis_data_within(args, None)
    }

    /// As [`Workspace::analysis_data`], keeping only the incidents in `within` (a map selection
    /// inside the same filter, picked by the view) when given. The plane and the study area
    /// stay the comuna's, so a selection's grid cells are the whole filter's cells.
    pub fn analysis_data_within(
        &self,
        args: &FilterArgs,
        within: Option<&SelectedIncidents>,
    ) -> Result<AnalysisData> {
        let filter = self.parse_filter(args)?;
        let comuna: Vec<MultiPolygon<f64>> = self
            .store
            .area_shapes()?
            .into_iter()
            .filter(|a| a.kind == AreaKind::Comuna)
            .map(|a| a.geometry)
            .collect();
        let mut located = Vec::new();
        let mut unlocated = 0u64;
        self.store
            .for_each_incident(&filter, SortOrder::OccurredAsc, None, 0, |r| {
                if within.is_some_and(|w| !w.contains_id(&r.id)) {
                    return Ok(());
                }
                match r.lon.zip(r.lat) {
                    Some(lonlat) => located.push((lonlat, r.occurred_from)),
                    None => unlocated += 1,
                }
                Ok(())
            })?;
        let plane = match comuna
            .iter()
            .filter_map(|c| c.bounding_rect())
            .reduce(|a, b| {
                geo::Rect::new(
                    (a.min().x.min(b.min().x), a.min().y.min(b.min().y)),
                    (a.max().x.max(b.max().x), a.max().y.max(b.max().y)),
                )
            }) {
            Some(r) => LocalPlane::centred_on(r.center().x, r.center().y),
            None if !located.is_empty() => {
                let n = located.len() as f64;
                let lon = located.iter().map(|((x, _), _)| x).sum::<f64>() / n;
                let lat = located.iter().map(|((_, y), _)| y).sum::<f64>() / n;
                LocalPlane::centred_on(lon, lat)
            }
            None => LocalPlane::centred_on(-70.61, -33.43),
        };
        let mut events = Vec::with_capacity(located.len());
        let mut times = Vec::with_capacity(located.len());
        for ((lon, lat), at) in located {
            let (x, y) = plane.project(lon, lat);
            let utc = from_unix(at);
            let local = utc.with_timezone(&LOCAL_TZ);
            let seconds = f64::from(local.num_seconds_from_midnight());
            events.push(Event::new(
                x,
                y,
                f64::from(local_day_number(utc)) + seconds / 86_400.0,
            ));
            times.push(LocalTime {
                weekday: local.weekday().num_days_from_monday() as u8,
                hour: local.hour() as u8,
            });
        }
        let study_area = (!comuna.is_empty()).then(|| {
            MultiPolygon(
                comuna
                    .iter()
                    .flat_map(|m| m.0.iter())
                    .map(|p| {
                        p.map_coords(|c| {
                            let (x, y) = plane.project(c.x, c.y);
                            geo::coord! { x: x, y: y }
                        })
                    })
                    .collect(),
            )
        });
        Ok(AnalysisData {
            plane: Some(plane),
            events,
            times: Some(times),
            study_area,
            unlocated,
            window_days: (
                filter.from.map(local_day_number),
                filter.to.map(local_day_number),
            ),
        })
    }
}

/// Where a plain CSV of planar points is and which columns to read.
#[derive(Debug, Clone)]
pub struct CsvInput {
    /// The file (comma, semicolon or tab separated, with a header row).
    pub path: PathBuf,
    /// The x column (metres or any planar unit).
    pub x: String,
    /// The y column.
    pub y: String,
    /// The time column (days), if any.
    pub t: Option<String>,
}

impl AnalysisData {
    /// Reads a CSV of planar points (`--input FILE --x COL --y COL [--t COL]`). Times are taken
    /// as days since 1970-01-01 for the weekday and hour of `rhythm` (day 0 a Thursday).
    pub fn from_csv(input: &CsvInput) -> Result<AnalysisData> {
        let text = std::fs::read_to_string(&input.path).map_err(|source| Error::Io {
            action: "reading",
            path: input.path.clone(),
            source,
        })?;
        let delimiter = sniff_delimiter(&text);
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        let header: Vec<String> = reader
            .headers()
            .map_err(|e| csv_error(&input.path, &e))?
            .iter()
            .map(str::to_owned)
            .collect();
        let column = |what: &'static str, name: &str| {
            header.iter().position(|h| h == name).ok_or_else(|| {
                Error::invalid(
                    what,
                    name,
                    format!(
                        "a column of {}: {}",
                        input.path.display(),
                        header.join(", ")
                    ),
                )
            })
        };
        let (cx, cy) = (column("--x", &input.x)?, column("--y", &input.y)?);
        let ct = input.t.as_deref().map(|t| column("--t", t)).transpose()?;
        let mut events = Vec::new();
        for (i, record) in reader.records().enumerate() {
            let record = record.map_err(|e| csv_error(&input.path, &e))?;
            let line = i + 2;
            let number = |col: usize, name: &str| -> Result<f64> {
                let v = record.get(col).unwrap_or("");
                v.parse::<f64>()
                    .ok()
                    .filter(|f| f.is_finite())
                    .ok_or_else(|| Error::InvalidArgument {
                        what: "--input",
                        value: format!("{}:{line} column {name} = `{v}`", input.path.display()),
                        expected: "a finite number (a dot for decimals)".into(),
                    })
            };
            let t = match (ct, &input.t) {
                (Some(c), Some(name)) => number(c, name)?,
                _ => 0.0,
            };
            events.push(Event::new(number(cx, &input.x)?, number(cy, &input.y)?, t));
        }
        let times = ct.map(|_| events.iter().map(|e| local_time_of_days(e.t)).collect());
        Ok(AnalysisData {
            plane: None,
            events,
            times,
            study_area: None,
            unlocated: 0,
            window_days: (None, None),
        })
    }
}

fn sniff_delimiter(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or("");
    [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|&d| first.bytes().filter(|&b| b == d).count())
        .unwrap_or(b',')
}

fn csv_error(path: &Path, e: &csv::Error) -> Error {
    Error::InvalidArgument {
        what: "--input",
        value: path.display().to_string(),
        expected: format!("a CSV file with a header row ({e})"),
    }
}
