//! The map's reference layers beside the incidents: CCTV cameras and the móviles' GPS tracks,
//! as plain data ready to become GeoJSON in the UI.
//!
//! Tracks follow the filter's dates: only the points inside its time range are kept (a shift
//! that straddles the range is cut to it). A store can hold months of tracks at one point every
//! few seconds, so what crosses to the UI is bounded: at most [`MAX_TRACKS`] tracks (the latest
//! first), simplified with Douglas–Peucker (a tolerance of about 2 m, doubled until everything
//! fits) to at most [`MAX_TRACK_POINTS`] points in all, coordinates rounded to 1 m. The answer
//! says how many tracks matched and whether it was simplified or cut, so the UI can say so.

use atalaya_model::time::{format_local, from_unix};
use atalaya_store::overlays::{TrackRow, TrackWindow};
use serde::Serialize;

use crate::filter::FilterArgs;
use crate::{Result, Workspace};

/// Most tracks sent for one date range (the latest started first).
pub const MAX_TRACKS: u32 = 300;
/// Most track points sent in all: ~22 bytes of JSON each, so a track layer stays under 300 KB.
pub const MAX_TRACK_POINTS: usize = 12_000;
/// The first simplification tolerance, in degrees (about 2 m in Santiago).
const BASE_TOLERANCE: f64 = 0.00002;
/// Past this tolerance (about 1 km) points are dropped evenly instead.
const MAX_TOLERANCE: f64 = 0.01;

/// One CCTV camera.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CameraOut {
    /// The operator's code.
    pub code: String,
    /// Longitude.
    pub lon: f64,
    /// Latitude.
    pub lat: f64,
    /// Where it looks, degrees clockwise from north.
    pub heading_deg: Option<f64>,
    /// Its monitoring zone.
    pub zone: Option<String>,
}

/// One patrol track within the date range.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TrackOut {
    /// Id.
    pub id: String,
    /// The móvil.
    pub unit: String,
    /// Its first point in the range, America/Santiago ISO-8601.
    pub started_at: String,
    /// Its last point in the range.
    pub ended_at: String,
    /// `[lon, lat]`, simplified.
    pub points: Vec<[f64; 2]>,
}

/// The tracks the map draws for a date range.
#[derive(Debug, Clone, Serialize, PartialEq, Default)]
pub struct TrackLayer {
    /// Tracks with at least two points in the range, latest started first.
    pub tracks: Vec<TrackOut>,
    /// Tracks in the store that overlap the range (more than `tracks` when cut).
    pub matched: u64,
    /// Points the sent tracks have in the range, before simplification.
    pub points_in_range: u64,
    /// Points sent.
    pub points_sent: u64,
    /// Whether more tracks matched than were sent ([`MAX_TRACKS`]).
    pub truncated: bool,
}

impl Workspace {
    /// Every camera in the store.
    pub fn map_cameras(&self) -> Result<Vec<CameraOut>> {
        Ok(self
            .store
            .cameras()?
            .into_iter()
            .map(|c| CameraOut {
                code: c.code,
                lon: c.lon,
                lat: c.lat,
                heading_deg: c.heading_deg,
                zone: c.zone,
            })
            .collect())
    }

    /// The patrol tracks within `filter`'s dates (its other fields do not apply to tracks),
    /// bounded as the module docs say.
    pub fn map_tracks(&self, filter: &FilterArgs) -> Result<TrackLayer> {
        let filter = self.parse_filter(filter)?;
        let (from, to) = (
            filter.from.map(|f| f.timestamp()),
            filter.to.map(|t| t.timestamp()),
        );
        let (rows, matched) = self.store.patrol_tracks(TrackWindow {
            from,
            to,
            limit: MAX_TRACKS,
        })?;
        let tracks: Vec<(TrackRow, Vec<Fix>)> = rows
            .into_iter()
            .filter_map(|row| {
                let points = clip(&row.points, from, to)?;
                Some((row, points))
            })
            .collect();
        let points_in_range = tracks.iter().map(|(_, p)| p.len() as u64).sum();
        let lines = fit(&tracks.iter().map(|(_, p)| p.as_slice()).collect::<Vec<_>>());
        let out: Vec<TrackOut> = tracks
            .iter()
            .zip(lines)
            .map(|((row, points), line)| TrackOut {
                id: row.id.clone(),
                unit: row.unit.clone(),
                started_at: format_local(from_unix(points[0].2)),
                ended_at: format_local(from_unix(points[points.len() - 1].2)),
                points: line,
            })
            .collect();
        Ok(TrackLayer {
            points_sent: out.iter().map(|t| t.points.len() as u64).sum(),
            tracks: out,
            matched,
            points_in_range,
            truncated: matched > u64::from(MAX_TRACKS),
        })
    }
}

/// One stored GPS fix: longitude, latitude, Unix seconds.
type Fix = (f64, f64, i64);

/// The stored points inside `[from, to)`, in time order; `None` when fewer than two remain or
/// the stored JSON does not read (a damaged track is left off the map, not the whole layer).
fn clip(json: &str, from: Option<i64>, to: Option<i64>) -> Option<Vec<Fix>> {
    let mut points: Vec<Fix> = serde_json::from_str(json).ok()?;
    points.retain(|(lon, lat, t)| {
        lon.is_finite()
            && lat.is_finite()
            && from.is_none_or(|f| *t >= f)
            && to.is_none_or(|e| *t < e)
    });
    points.sort_by_key(|p| p.2);
    (points.len() >= 2).then_some(points)
}

/// Simplifies every track with one tolerance, doubled until all fit in [`MAX_TRACK_POINTS`];
/// past [`MAX_TOLERANCE`], or when a pass gains little, keeps every k-th point (and the last). Tracks holding more
/// than four times the budget are first thinned evenly to it, which bounds the work.
fn fit(tracks: &[&[Fix]]) -> Vec<Vec<[f64; 2]>> {
    let mut lines: Vec<Vec<[f64; 2]>> = tracks
        .iter()
        .map(|t| t.iter().map(|(x, y, _)| [*x, *y]).collect())
        .collect();
    thin_to(&mut lines, 4 * MAX_TRACK_POINTS);
    let mut tolerance = BASE_TOLERANCE;
    loop {
        // Each pass simplifies the last one's output: fewer points to scan every time.
        let before = total(&lines);
        lines = lines.iter().map(|l| simplify(l, tolerance)).collect();
        let after = total(&lines);
        // A pass that removes almost nothing says the shapes are not smooth at this scale
        // (the worst case of Douglas–Peucker): thin evenly instead of trying again.
        if after <= MAX_TRACK_POINTS || tolerance >= MAX_TOLERANCE || after * 20 > before * 19 {
            break;
        }
        tolerance *= 2.0;
    }
    thin_to(&mut lines, MAX_TRACK_POINTS);
    lines.iter().map(|l| rounded(l)).collect()
}

fn total(lines: &[Vec<[f64; 2]>]) -> usize {
    lines.iter().map(Vec::len).sum()
}

/// Keeps every k-th point of each line (and its last) so that at most `budget` remain.
fn thin_to(lines: &mut [Vec<[f64; 2]>], budget: usize) {
    let n = total(lines);
    if n <= budget {
        return;
    }
    // Each line may keep one point beyond its share: its last.
    let stride = n.div_ceil(budget.saturating_sub(lines.len()).max(1));
    for line in lines.iter_mut() {
        *line = every_nth(line, stride);
    }
}

/// Douglas–Peucker with an explicit stack: a GPS track of many thousand points would overflow
/// a thread's stack in the recursive form.
fn simplify(line: &[[f64; 2]], tolerance: f64) -> Vec<[f64; 2]> {
    if line.len() <= 2 {
        return line.to_vec();
    }
    let mut keep = vec![false; line.len()];
    keep[0] = true;
    keep[line.len() - 1] = true;
    let mut spans = vec![(0, line.len() - 1)];
    while let Some((a, b)) = spans.pop() {
        let farthest = (a + 1..b)
            .map(|i| (i, segment_distance(line[i], line[a], line[b])))
            .max_by(|x, y| x.1.total_cmp(&y.1));
        if let Some((i, d)) = farthest
            && d > tolerance
        {
            keep[i] = true;
            spans.push((a, i));
            spans.push((i, b));
        }
    }
    line.iter()
        .zip(keep)
        .filter_map(|(p, k)| k.then_some(*p))
        .collect()
}

/// Distance from `p` to the segment `a`–`b`, in degrees.
fn segment_distance(p: [f64; 2], a: [f64; 2], b: [f64; 2]) -> f64 {
    let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
    let len2 = dx * dx + dy * dy;
    let t = if len2 == 0.0 {
        0.0
    } else {
        (((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2).clamp(0.0, 1.0)
    };
    (p[0] - (a[0] + t * dx)).hypot(p[1] - (a[1] + t * dy))
}

/// Every `stride`-th point and the last, so each line keeps its ends.
fn every_nth(line: &[[f64; 2]], stride: usize) -> Vec<[f64; 2]> {
    let last = line.len().saturating_sub(1);
    line.iter()
        .enumerate()
        .filter(|(i, _)| i % stride == 0 || *i == last)
        .map(|(_, c)| *c)
        .collect()
}

/// Coordinates to 5 decimals (about 1 m): fewer bytes over IPC, nothing visible lost.
fn rounded(line: &[[f64; 2]]) -> Vec<[f64; 2]> {
    let r = |v: f64| (v * 1e5).round() / 1e5;
    line.iter().map(|c| [r(c[0]), r(c[1])]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn given_a_range_clip_keeps_the_points_inside_it_in_time_order() {
        let json =
            "[[-70.61,-33.42,300],[-70.62,-33.43,100],[-70.63,-33.44,200],[-70.64,-33.45,400]]";
        let check = |from, to, expected: Option<Vec<i64>>| {
            let got = clip(json, from, to).map(|p| p.iter().map(|q| q.2).collect::<Vec<_>>());
            assert_eq!(got, expected, "{from:?}..{to:?}");
        };
        check(None, None, Some(vec![100, 200, 300, 400]));
        check(Some(200), Some(400), Some(vec![200, 300]));
        check(Some(300), None, Some(vec![300, 400]));
        check(Some(400), None, None);
        check(Some(500), None, None);
        assert_eq!(clip("not json", None, None), None);
    }

    #[test]
    fn given_a_straight_track_simplification_keeps_its_ends_only() {
        let straight: Vec<(f64, f64, i64)> = (0..100)
            .map(|i| (-70.6 + f64::from(i) * 0.0001, -33.42, i64::from(i)))
            .collect();
        assert_eq!(
            fit(&[&straight]),
            vec![vec![[-70.6, -33.42], [-70.5901, -33.42]]]
        );
    }

    #[test]
    fn given_a_corner_simplification_keeps_it_and_drops_the_jitter_below_tolerance() {
        let line = [
            [0.0, 0.0],
            [0.5, 0.00001], // 1 m off the first leg: dropped
            [1.0, 0.0],
            [1.00001, 0.5], // 1 m off the second leg: dropped
            [1.0, 1.0],
        ];
        assert_eq!(
            simplify(&line, BASE_TOLERANCE),
            vec![[0.0, 0.0], [1.0, 0.0], [1.0, 1.0]]
        );
        assert_eq!(
            every_nth(&line, 2),
            vec![[0.0, 0.0], [1.0, 0.0], [1.0, 1.0]]
        );
        assert_eq!(
            every_nth(&line, 3),
            vec![[0.0, 0.0], [1.00001, 0.5], [1.0, 1.0]]
        );
    }

    #[test]
    fn given_more_points_than_the_budget_what_is_sent_fits_it() {
        // Eight laps of a 1 km circle at 5 000 fixes each: smooth, so simplifying is enough.
        let lap = |k: i64| -> Vec<(f64, f64, i64)> {
            (0..5_000)
                .map(|i| {
                    let a = std::f64::consts::TAU * i as f64 / 4_999.0;
                    (
                        -70.6 + 0.01 * a.sin(),
                        -33.43 + 0.01 * a.cos(),
                        k * 10_000 + i,
                    )
                })
                .collect()
        };
        let tracks: Vec<Vec<(f64, f64, i64)>> = (0..8).map(lap).collect();
        let refs: Vec<&[(f64, f64, i64)]> = tracks.iter().map(Vec::as_slice).collect();
        let fitted = fit(&refs);
        let n: usize = fitted.iter().map(Vec::len).sum();
        assert!(n <= 8 * 100, "{n} points");
        // The ends stay where they were.
        assert_eq!(fitted[0][0], [-70.6, -33.42]);
        assert_eq!(fitted[0].last(), Some(&[-70.6, -33.42]));

        // Teeth of 2 km survive every tolerance: points are dropped evenly instead.
        let spiky: Vec<(f64, f64, i64)> = (0..130)
            .map(|i| {
                let lat = if i % 2 == 0 { -33.42 } else { -33.40 };
                (-70.6 + i as f64 * 1e-4, lat, i)
            })
            .collect();
        let fitted = fit(&vec![spiky.as_slice(); 100]);
        // 13 000 points, a stride of 2 (13 000 / (12 000 - 100)): 65 points and the last each.
        assert!(fitted.iter().all(|l| l.len() == 66));
        assert_eq!(fitted[0][0], [-70.6, -33.42]);
        assert_eq!(fitted[0][65], [-70.5871, -33.4]);
    }
}
