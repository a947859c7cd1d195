//! Source-specific records (cameras, patrol tracks, citizen reports, registry records), the
//! street gazetteer, and the links that tie records to incidents.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{
    CameraEventId, CameraId, CitizenReportId, GeoPoint, IncidentId, LinkId, RegistryRecordId,
    SourceId, TrackId,
};

/// A CCTV camera.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Camera {
    /// Its id.
    pub id: CameraId,
    /// Operator's code, e.g. `CAM-014`.
    pub code: String,
    /// Where it is.
    pub location: GeoPoint,
    /// Heading in degrees from north.
    pub heading_deg: Option<f64>,
    /// Monitoring zone.
    pub zone: Option<String>,
}

/// An event logged by a camera operator.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CameraEvent {
    /// Its id.
    pub id: CameraEventId,
    /// The camera.
    pub camera_id: CameraId,
    /// When it was seen.
    pub at: DateTime<Utc>,
    /// Operator's event type.
    pub kind: String,
    /// Operator's notes.
    pub description: String,
    /// The source (operator centre) it came from.
    pub source_id: Option<SourceId>,
}

/// One timed point of a patrol track.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrackPoint {
    /// Position.
    pub point: GeoPoint,
    /// Time at that position.
    pub at: DateTime<Utc>,
}

/// A patrol unit's GPS track for one shift.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PatrolTrack {
    /// Its id.
    pub id: TrackId,
    /// Unit code, e.g. `M-03`.
    pub unit: String,
    /// The timed points in order.
    pub points: Vec<TrackPoint>,
    /// The source.
    pub source_id: Option<SourceId>,
}

/// A citizen's report (phone, app, counter).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CitizenReport {
    /// Its id.
    pub id: CitizenReportId,
    /// When it was received.
    pub received_at: DateTime<Utc>,
    /// Channel: `telefono`, `app`, `presencial`.
    pub channel: String,
    /// What the citizen said.
    pub text: String,
    /// The address they gave.
    pub address: Option<String>,
    /// Geocoded point, if any.
    pub location: Option<GeoPoint>,
    /// The source.
    pub source_id: Option<SourceId>,
}

/// A record from an institutional registry (police or prosecutor case export, municipal file).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RegistryRecord {
    /// Its id.
    pub id: RegistryRecordId,
    /// Institution, e.g. `fiscalia`, `carabineros`.
    pub institution: String,
    /// The institution's case number (e.g. a RUC).
    pub case_number: String,
    /// When it was recorded.
    pub recorded_at: DateTime<Utc>,
    /// The institution's own category text.
    pub category_text: String,
    /// The source.
    pub source_id: Option<SourceId>,
}

/// A link between an incident and any other record that describes it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Link {
    /// Its id.
    pub id: LinkId,
    /// The incident.
    pub incident_id: IncidentId,
    /// The table of the linked record (`camera_event`, `citizen_report`, …).
    pub target_table: String,
    /// The linked record's id.
    pub target_id: uuid::Uuid,
    /// Linker score in 0..=1 (1 for manual links).
    pub score: f64,
    /// Whether a person or the threshold confirmed it.
    pub confirmed: bool,
}

/// A street of the gazetteer (for geocoding and the base map).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Street {
    /// Official name, e.g. `Avenida Providencia`.
    pub name: String,
    /// Whether it is a main axis.
    pub main_axis: bool,
    /// The centre line, WGS84.
    pub line: Vec<GeoPoint>,
    /// House number at the first point.
    pub number_from: Option<u32>,
    /// House number at the last point.
    pub number_to: Option<u32>,
}
