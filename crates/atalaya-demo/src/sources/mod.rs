//! The raw files each source would really export for the demo incidents, with the faults real
//! exports have and the same event seen by several sources (so linking has work to do).
//!
//! Every demo incident is a true event. Each source observes some events — the patrols most,
//! citizens the street crimes, cameras what happens in view of one — and writes them its own
//! way: [`patrol`] a Windows-1252 `;` CSV with decimal commas, [`citizen`] a UTF-8 CSV with
//! free-text addresses and often no coordinates, [`camera`] an operators' log in UTM 19S.
//! Two sources are not incidents: `gpx.rs` the móviles' GPS tracks over the last week (each
//! passes by the events its móvil reported), and `registry.rs` the Fiscalía's case register
//! (`.xlsx`) for a share of the crimes.
//! `.truth.csv` (hidden, so importing the folder skips it) lists, for every record written,
//! the event it observed (`file,record_id,event,fault`; no event for a track), so linking can
//! be scored. Separate random streams (seeded from the config's seed) decide observations,
//! cases, tracks and faults, so the incidents themselves are unchanged.
//!
//! Each source words an event its own way (a fresh description of the same category), as
//! different people would.
//!
//! Faults, each on a small share of rows and listed in `.truth.csv` as `fault`: a date in the
//! wrong form, a category the profile does not know, no usable location, a point outside the
//! comuna, and a record exported twice (an exact duplicate row); tracks and cases have their
//! own (see `gpx.rs` and `registry.rs`).

mod camera;
mod citizen;
mod drive;
mod gpx;
mod network;
mod patrol;
mod registry;
mod roster;
mod utm;

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use atalaya_model::{GeoPoint, Incident};
use chrono::{DateTime, Duration, Utc};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use crate::city::DemoCity;
use crate::frame::{distance_m, offset, round6};
use crate::sampling::{chance, disc, unit};
use crate::{DemoConfig, incidents};

/// Share of rows of each source given each fault.
pub const FAULT_SHARE: f64 = 0.004;
/// A camera sees an event within this distance.
pub const CAMERA_RANGE_M: f64 = 90.0;

/// What kind of fault a written row carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// A clean row.
    None,
    /// The date is not in any of the profile's forms.
    BadDate,
    /// The category is not in the profile's map.
    UnknownCategory,
    /// Neither coordinates nor an address.
    NoLocation,
    /// The point lies outside the comuna.
    OutsideComuna,
    /// The row repeats the previous one exactly.
    Duplicate,
    /// The case number's check digit is wrong.
    InvalidCaseNumber,
    /// A value the record cannot do without is empty (a track's móvil).
    MissingValue,
}

impl Fault {
    fn code(self) -> &'static str {
        match self {
            Self::None => "",
            Self::BadDate => "bad_date",
            Self::UnknownCategory => "unknown_category",
            Self::NoLocation => "no_location",
            Self::OutsideComuna => "outside_comuna",
            Self::Duplicate => "duplicate",
            Self::InvalidCaseNumber => "invalid_case_number",
            Self::MissingValue => "missing_value",
        }
    }
}

/// One source's view of an event, before it is written in the source's form.
#[derive(Clone, Debug)]
pub(crate) struct Observation<'a> {
    /// The event (demo incident) seen.
    pub event: &'a Incident,
    /// The event's number in the stream (its truth id).
    pub event_no: usize,
    /// When the source says it happened.
    pub at: DateTime<Utc>,
    /// Where the source says it happened (None: it gave no coordinates).
    pub point: Option<GeoPoint>,
    /// How this source tells it: each source words the event its own way (another template
    /// of the same category), so linking cannot lean on identical text.
    pub description: String,
    /// The fault to write, if any.
    pub fault: Fault,
}

/// One line of `.truth.csv` for a file: the record, the event behind it (none for a track),
/// and its fault.
#[derive(Clone, Debug)]
pub(crate) struct TruthEntry {
    pub record_id: String,
    pub event: Option<usize>,
    pub fault: Fault,
}

/// Where the files were written and how many rows each has.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SourcesSummary {
    /// `(file, rows written)` in writing order.
    pub files: Vec<(PathBuf, u64)>,
    /// Events (demo incidents) generated.
    pub events: u64,
    /// Rows written with each fault, summed over files (duplicates included).
    pub faulty_rows: u64,
}

/// Write the demo sources for `config` into `dir` (created if missing).
pub fn write_sources(
    config: &DemoConfig,
    city: &DemoCity,
    dir: &Path,
) -> std::io::Result<SourcesSummary> {
    std::fs::create_dir_all(dir)?;
    let mut rng = ChaCha8Rng::seed_from_u64(config.seed ^ 0x5075_7263_6573_0001);
    let mut patrol = patrol::Writer::create(&dir.join("patrullaje_municipal.csv"))?;
    let mut citizen = citizen::Writer::create(&dir.join("denuncias_ciudadanas.csv"))?;
    let mut camera = camera::Writer::create(&dir.join("camaras_eventos.csv"))?;
    let mut tracks = gpx::Tracks::new(config);
    let mut register = registry::Register::new(config.seed);
    let mut truth = BufWriter::new(File::create(dir.join(".truth.csv"))?);
    writeln!(truth, "file,record_id,event,fault")?;
    let mut summary = SourcesSummary::default();
    for (event_no, event) in incidents(config, city).enumerate() {
        summary.events += 1;
        let Some(p) = event.location else { continue };
        let street_crime = is_street_crime(&event.category);
        if chance(&mut rng, if street_crime { 0.55 } else { 0.7 }) {
            let obs = observe(&mut rng, &event, event_no, 20.0, 25.0);
            tracks.attend(obs.at, event_no, p);
            write_obs(&mut patrol, &mut truth, &mut summary, obs)?;
        }
        if street_crime && chance(&mut rng, 0.4) {
            let mut obs = observe(&mut rng, &event, event_no, 45.0, 60.0);
            // Callers rarely give coordinates; the address is what they say.
            if chance(&mut rng, 0.6) {
                obs.point = None;
            }
            write_obs(&mut citizen, &mut truth, &mut summary, obs)?;
        }
        if let Some(cam) = city
            .cameras
            .iter()
            .find(|c| distance_m(c.location, p) <= CAMERA_RANGE_M)
            && street_crime
            && chance(&mut rng, 0.6)
        {
            let obs = observe(&mut rng, &event, event_no, 3.0, 15.0);
            camera.camera = cam.code.clone();
            write_obs(&mut camera, &mut truth, &mut summary, obs)?;
        }
        if let Some(case) = register.consider(&event, event_no) {
            write_truth(&mut truth, &mut summary, registry::FILE, &case)?;
        }
    }
    for (path, rows) in [patrol.finish()?, citizen.finish()?, camera.finish()?] {
        summary.files.push((path, rows));
    }
    let (path, rows, track_truth) = tracks.write(dir, city, config.seed)?;
    for entry in &track_truth {
        write_truth(&mut truth, &mut summary, gpx::FILE, entry)?;
    }
    summary.files.push((path, rows));
    summary.files.push(register.write(dir)?);
    truth.flush()?;
    Ok(summary)
}

/// Street crimes are what citizens call in and cameras see.
fn is_street_crime(category: &str) -> bool {
    matches!(
        category,
        "dmcs.robo_violencia"
            | "dmcs.robo_sorpresa"
            | "dmcs.hurto"
            | "dmcs.lesiones"
            | "dmcs.robo_vehiculo"
            | "dmcs.robo_accesorios_vehiculo"
            | "inc.desordenes"
            | "inc.danos"
            | "inc.comercio_ambulante"
            | "inc.consumo_via_publica"
    )
}

/// A source's view of `event`: its time off by up to `minutes`, its point by up to `metres`,
/// and maybe a fault.
fn observe<'a>(
    rng: &mut ChaCha8Rng,
    event: &'a Incident,
    event_no: usize,
    minutes: f64,
    metres: f64,
) -> Observation<'a> {
    let at =
        event.occurred_from + Duration::seconds(((unit(rng) * 2.0 - 1.0) * minutes * 60.0) as i64);
    let (dx, dy) = disc(rng);
    let point = event
        .location
        .map(|p| round6(offset(p, dx * metres, dy * metres)));
    let description = crate::describe::describe(&event.category, rng);
    let r = unit(rng);
    let fault = match (r / FAULT_SHARE) as u32 {
        0 => Fault::BadDate,
        1 => Fault::UnknownCategory,
        2 => Fault::NoLocation,
        3 => Fault::OutsideComuna,
        4 => Fault::Duplicate,
        _ => Fault::None,
    };
    Observation {
        event,
        event_no,
        at,
        point,
        description,
        fault,
    }
}

/// A writer of one source's file.
pub(crate) trait SourceWriter {
    /// Write one observation; returns the record id written (twice for a duplicate).
    fn write(&mut self, obs: &Observation<'_>) -> std::io::Result<String>;
    /// Flush; the file and how many data rows it has.
    fn finish(self) -> std::io::Result<(PathBuf, u64)>;
    /// The file name, for `.truth.csv`.
    fn name(&self) -> &'static str;
}

fn write_obs(
    w: &mut impl SourceWriter,
    truth: &mut impl Write,
    summary: &mut SourcesSummary,
    obs: Observation<'_>,
) -> std::io::Result<()> {
    let id = w.write(&obs)?;
    let entry = TruthEntry {
        record_id: id,
        event: Some(obs.event_no),
        fault: obs.fault,
    };
    write_truth(truth, summary, w.name(), &entry)
}

fn write_truth(
    truth: &mut impl Write,
    summary: &mut SourcesSummary,
    file: &str,
    entry: &TruthEntry,
) -> std::io::Result<()> {
    let event = entry.event.map(|e| e.to_string()).unwrap_or_default();
    let fault = entry.fault.code();
    writeln!(truth, "{file},{},{event},{fault}", entry.record_id)?;
    if entry.fault != Fault::None {
        summary.faulty_rows += 1;
    }
    Ok(())
}

/// A point well outside the comuna (in the next comuna west), for the fault.
pub(crate) fn outside(p: GeoPoint) -> GeoPoint {
    round6(offset(p, -6_000.0, 0.0))
}

/// How a source writes its text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Encoding {
    /// Windows-1252 with `\r\n` line ends (what Windows exports).
    Windows1252,
    /// UTF-8 with `\n`.
    Utf8,
    /// UTF-8 with `\n`, after a byte-order mark.
    Utf8Bom,
}

/// One source file being written: its encoding, and the data rows so far.
pub(crate) struct Sink {
    out: BufWriter<File>,
    path: PathBuf,
    rows: u64,
    encoding: Encoding,
}

impl Sink {
    /// Create `path` and write its header line.
    pub(crate) fn create(path: &Path, header: &str, encoding: Encoding) -> std::io::Result<Self> {
        let mut sink = Self {
            out: BufWriter::with_capacity(1 << 16, File::create(path)?),
            path: path.to_path_buf(),
            rows: 0,
            encoding,
        };
        if encoding == Encoding::Utf8Bom {
            sink.out.write_all("\u{feff}".as_bytes())?;
        }
        sink.line(header)?;
        Ok(sink)
    }

    fn line(&mut self, text: &str) -> std::io::Result<()> {
        match self.encoding {
            Encoding::Windows1252 => {
                let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(text);
                self.out.write_all(&bytes)?;
                self.out.write_all(b"\r\n")
            }
            Encoding::Utf8 | Encoding::Utf8Bom => writeln!(self.out, "{text}"),
        }
    }

    /// Write one data row of `fields` (quoted as needed) joined by `delimiter`; twice, exactly,
    /// when the observation's fault is [`Fault::Duplicate`].
    pub(crate) fn row(
        &mut self,
        fields: &[&str],
        delimiter: char,
        fault: Fault,
    ) -> std::io::Result<()> {
        let row = fields
            .iter()
            .map(|f| csv_field(f, delimiter))
            .collect::<Vec<_>>()
            .join(&delimiter.to_string());
        let times = if fault == Fault::Duplicate { 2 } else { 1 };
        for _ in 0..times {
            self.line(&row)?;
            self.rows += 1;
        }
        Ok(())
    }

    /// Flush; the file and how many data rows it has.
    pub(crate) fn finish(mut self) -> std::io::Result<(PathBuf, u64)> {
        self.out.flush()?;
        Ok((self.path, self.rows))
    }
}

impl Observation<'_> {
    /// The point the source reports: none for a missing location, moved out of the comuna for
    /// that fault.
    pub(crate) fn reported_point(&self) -> Option<GeoPoint> {
        match self.fault {
            Fault::NoLocation => None,
            Fault::OutsideComuna => self.point.map(outside),
            _ => self.point,
        }
    }
}

/// Quote a CSV field if it needs it.
fn csv_field(s: &str, delimiter: char) -> String {
    if s.contains(delimiter) || s.contains('"') || s.contains('\n') || s.contains('\r') {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}
