//! What the map draws beside the incidents: the CCTV cameras and the móviles' GPS tracks, read
//! as stored (no geometry work here; the `atalaya` crate simplifies and caps tracks).

use crate::Result;
use crate::store::Store;

/// One camera.
#[derive(Debug, Clone, PartialEq)]
pub struct CameraRow {
    /// The operator's code (`CAM-014`).
    pub code: String,
    /// Longitude.
    pub lon: f64,
    /// Latitude.
    pub lat: f64,
    /// Where it looks, degrees clockwise from north.
    pub heading_deg: Option<f64>,
    /// The monitoring zone it belongs to.
    pub zone: Option<String>,
}

/// One patrol track, its points still as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct TrackRow {
    /// Id (a UUID).
    pub id: String,
    /// The móvil (`M-03`).
    pub unit: String,
    /// First point, Unix seconds.
    pub started_at: i64,
    /// Last point, Unix seconds.
    pub ended_at: i64,
    /// JSON `[[lon, lat, unix_s], …]`.
    pub points: String,
}

/// Which tracks [`Store::patrol_tracks`] reads.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TrackWindow {
    /// Tracks still running at or after this instant (Unix seconds).
    pub from: Option<i64>,
    /// Tracks started strictly before this instant (Unix seconds).
    pub to: Option<i64>,
    /// At most this many, the latest started first.
    pub limit: u32,
}

impl Store {
    /// Every camera, by code.
    pub fn cameras(&self) -> Result<Vec<CameraRow>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT code, lon, lat, heading_deg, zone FROM camera ORDER BY code")?;
        let rows = stmt.query_map([], |r| {
            Ok(CameraRow {
                code: r.get(0)?,
                lon: r.get(1)?,
                lat: r.get(2)?,
                heading_deg: r.get(3)?,
                zone: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The tracks that overlap `window` (latest started first, at most `window.limit`), and
    /// how many overlap it in all.
    pub fn patrol_tracks(&self, window: TrackWindow) -> Result<(Vec<TrackRow>, u64)> {
        const WHERE: &str =
            "WHERE (?1 IS NULL OR ended_at >= ?1) AND (?2 IS NULL OR started_at < ?2)";
        let total: i64 = self.conn.query_row(
            &format!("SELECT count(*) FROM patrol_track {WHERE}"),
            rusqlite::params![window.from, window.to],
            |r| r.get(0),
        )?;
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT id, unit, started_at, ended_at, points FROM patrol_track {WHERE}
             ORDER BY started_at DESC, id LIMIT ?3"
        ))?;
        let rows = stmt.query_map(
            rusqlite::params![window.from, window.to, window.limit],
            |r| {
                let id: Vec<u8> = r.get(0)?;
                Ok(TrackRow {
                    id: uuid::Uuid::from_slice(&id)
                        .map_or_else(|_| hex::encode(&id), |u| u.to_string()),
                    unit: r.get(1)?,
                    started_at: r.get(2)?,
                    ended_at: r.get(3)?,
                    points: r.get(4)?,
                })
            },
        )?;
        Ok((rows.collect::<Result<_, _>>()?, total as u64))
    }
}
