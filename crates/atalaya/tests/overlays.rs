//! The map's camera and patrol-track layers on a real encrypted store: the demo city's cameras,
//! GPS tracks imported from GPX cut to the filter's dates and simplified, and a store with more
//! tracks than the layer may carry answered within its caps.

use std::fmt::Write as _;

mod support;

use atalaya::overlays::{MAX_TRACK_POINTS, MAX_TRACKS};
use atalaya::{FilterArgs, TrackLayer, Workspace};
use support::*;

/// One GPS fix: longitude, latitude, UTC time as GPX writes it.
type Fix = (f64, f64, String);
/// A móvil and its fixes.
type Track<'a> = (&'a str, Vec<Fix>);

/// A GPX export with one `<trk>` per `(unit, [(lon, lat, UTC time)])`.
fn gpx(tracks: &[Track<'_>]) -> String {
    let mut out = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="AVL" xmlns="http://www.topografix.com/GPX/1/1">
"#,
    );
    for (unit, points) in tracks {
        write!(out, "<trk><name>{unit}</name><trkseg>").unwrap();
        for (lon, lat, at) in points {
            write!(
                out,
                r#"<trkpt lat="{lat}" lon="{lon}"><time>{at}</time></trkpt>"#
            )
            .unwrap();
        }
        out.push_str("</trkseg></trk>\n");
    }
    out.push_str("</gpx>\n");
    out
}

fn import_gpx(ws: &mut Workspace, dir: &tempfile::TempDir, name: &str, text: &str) {
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    let s = import(ws, &path, "patrullaje_gps");
    assert_eq!(s.quarantined, 0, "{s:?}");
}

fn at(day: &str, time: &str) -> String {
    format!("2024-03-{day}T{time}Z")
}

fn dates(from: &str, to: &str) -> FilterArgs {
    FilterArgs {
        from: Some(from.into()),
        to: Some(to.into()),
        ..FilterArgs::default()
    }
}

/// `unit started..ended [points]` per track, for comparing whole layers at a glance.
fn describe(layer: &TrackLayer) -> Vec<String> {
    layer
        .tracks
        .iter()
        .map(|t| format!("{} {}..{} {:?}", t.unit, t.started_at, t.ended_at, t.points))
        .collect()
}

#[test]
fn given_the_demo_city_every_camera_comes_with_its_code_place_and_zone() {
    let dir = tempfile::tempdir().unwrap();
    let ws = reference_store(&dir);
    let cameras = ws.map_cameras().unwrap();
    // The demo city has 60 cameras, `CAM-001` to `CAM-060`.
    assert_eq!(cameras.len(), 60);
    assert_eq!(
        (cameras[0].code.as_str(), cameras[59].code.as_str()),
        ("CAM-001", "CAM-060")
    );
    let codes: Vec<&str> = cameras.iter().map(|c| c.code.as_str()).collect();
    let mut sorted = codes.clone();
    sorted.sort();
    assert_eq!(codes, sorted, "by code");
    // Every camera is in Providencia and belongs to a zone.
    for c in &cameras {
        assert!(
            (-70.64..=-70.57).contains(&c.lon) && (-33.45..=-33.40).contains(&c.lat),
            "{c:?}"
        );
        assert!(c.zone.as_deref().is_some_and(|z| !z.is_empty()), "{c:?}");
    }
    let first: (String, f64, f64) = ws
        .store()
        .conn()
        .query_row(
            "SELECT code, lon, lat FROM camera ORDER BY code LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        (cameras[0].code.clone(), cameras[0].lon, cameras[0].lat),
        first
    );
}

#[test]
fn given_a_date_range_tracks_are_cut_to_it_and_simplified() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = reference_store(&dir);
    let text = gpx(&[
        // 1 March, 18:00 local: before the range.
        (
            "M-01",
            vec![
                (-70.6127, -33.4262, at("01", "21:00:00")),
                (-70.61, -33.427, at("01", "21:05:00")),
            ],
        ),
        // 2 March 23:00 to 3 March 01:00 local: its first half is in the range.
        (
            "M-02",
            vec![
                (-70.62, -33.42, at("03", "02:00:00")),
                (-70.621, -33.421, at("03", "02:30:00")),
                (-70.622, -33.422, at("03", "03:30:00")),
                (-70.623, -33.423, at("03", "04:00:00")),
            ],
        ),
        // 2 March at noon local, three fixes along one street: simplified to its ends.
        (
            "M-03",
            vec![
                (-70.61, -33.43, at("02", "15:00:00")),
                (-70.6095, -33.43, at("02", "15:10:00")),
                (-70.609, -33.43, at("02", "15:20:00")),
            ],
        ),
        // 5 March: after the range.
        (
            "M-04",
            vec![
                (-70.61, -33.43, at("05", "15:00:00")),
                (-70.62, -33.43, at("05", "15:10:00")),
            ],
        ),
    ]);
    import_gpx(&mut ws, &dir, "recorridos.gpx", &text);

    let layer = ws.map_tracks(&dates("2024-03-02", "2024-03-03")).unwrap();
    assert_eq!(
        describe(&layer),
        [
            "M-02 2024-03-02T23:00:00-03:00..2024-03-02T23:30:00-03:00 [[-70.62, -33.42], [-70.621, -33.421]]",
            "M-03 2024-03-02T12:00:00-03:00..2024-03-02T12:20:00-03:00 [[-70.61, -33.43], [-70.609, -33.43]]",
        ]
    );
    assert_eq!(
        (
            layer.matched,
            layer.points_in_range,
            layer.points_sent,
            layer.truncated
        ),
        (2, 5, 4, false)
    );

    // No dates: every track, the latest started first.
    let all = ws.map_tracks(&FilterArgs::default()).unwrap();
    let units: Vec<&str> = all.tracks.iter().map(|t| t.unit.as_str()).collect();
    assert_eq!(units, ["M-04", "M-02", "M-03", "M-01"]);
    assert_eq!(all.matched, 4);

    // A range with no track.
    let none = ws.map_tracks(&dates("2024-04-01", "2024-04-02")).unwrap();
    assert_eq!((none.tracks.len(), none.matched), (0, 0));
    // The filter's other fields do not apply to tracks; bad dates are refused as for incidents.
    let err = ws
        .map_tracks(&dates("2024-13-01", "2024-04-02"))
        .unwrap_err();
    assert_eq!(err.code(), "invalid_argument");
}

#[test]
fn given_more_tracks_and_points_than_the_caps_the_layer_stays_within_them() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = reference_store(&dir);
    // MAX_TRACKS + 20 shifts of 60 fixes zigzagging 100 m: no simplification gets them under
    // the point budget, so they are thinned evenly.
    let shifts = MAX_TRACKS as usize + 20;
    let tracks: Vec<(String, Vec<Fix>)> = (0..shifts)
        .map(|k| {
            let points = (0..60)
                .map(|i| {
                    let lat = if i % 2 == 0 { -33.42 } else { -33.421 };
                    let secs = k * 3600 + i * 30;
                    let time = format!(
                        "{:02}:{:02}:{:02}",
                        (secs / 3600) % 24,
                        (secs / 60) % 60,
                        secs % 60
                    );
                    let day = format!("{:02}", 1 + secs / 86_400);
                    (-70.62 + i as f64 * 0.0002, lat, at(&day, &time))
                })
                .collect();
            (format!("M-{k:03}"), points)
        })
        .collect();
    let refs: Vec<Track<'_>> = tracks
        .iter()
        .map(|(u, p)| (u.as_str(), p.clone()))
        .collect();
    import_gpx(&mut ws, &dir, "muchos.gpx", &gpx(&refs));

    let layer = ws.map_tracks(&FilterArgs::default()).unwrap();
    assert_eq!(layer.matched, shifts as u64);
    assert_eq!(layer.tracks.len(), MAX_TRACKS as usize);
    assert!(layer.truncated);
    assert_eq!(layer.points_in_range, u64::from(MAX_TRACKS) * 60);
    assert!(
        layer.points_sent <= MAX_TRACK_POINTS as u64,
        "{}",
        layer.points_sent
    );
    assert!(layer.tracks.iter().all(|t| t.points.len() >= 2));
    // The latest shift first.
    assert_eq!(layer.tracks[0].unit, format!("M-{:03}", shifts - 1));
    // What crosses to the UI stays small.
    let bytes = serde_json::to_vec(&layer).unwrap().len();
    assert!(bytes < 400_000, "{bytes} bytes");
}
