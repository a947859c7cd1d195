//! The shell's analysis runs on a real encrypted demo store: one run at a time, a cancel from
//! another thread stops a long run, the last result is what an export writes, and a PNG save
//! checks its data; a map selection narrows the run to the table's incidents. (The store lock is
//! released while computing: a view query answers during a long run.)

use std::sync::mpsc;
use std::time::Duration;

use atalaya::analysis::export::ExportFormat;
use atalaya::analysis::panel::{AnalysisRequest, AnalysisResult};
use atalaya::view::ViewQuery;
use atalaya::{DemoConfig, FilterArgs, OpenOptions, Selection, Workspace};
use atalaya_desktop::{AnalysisRuns, Session};

const PASSPHRASE: &str = "cerro san cristóbal";

fn demo_session(dir: &tempfile::TempDir) -> Session {
    let path = dir.path().join("store.db");
    let options = OpenOptions::new(&path).with_passphrase(Some(PASSPHRASE.into()));
    let mut ws = Workspace::create(&options).expect("create store");
    let config = DemoConfig {
        seed: 9,
        incidents: 3_000,
        start: chrono::NaiveDate::from_ymd_opt(2023, 1, 1).unwrap(),
        days: 730,
    };
    ws.load_demo(&config, &mut |_, _| {}).unwrap();
    drop(ws);
    let session = Session::new(path, Some(PASSPHRASE.into()));
    session.unlock(None).expect("unlock");
    session
}

fn long_knox() -> AnalysisRequest {
    AnalysisRequest::Knox {
        delta: "100,200,300,400".into(),
        tau: "7,14,21,28".into(),
        permutations: 99_999,
        seed: 1,
    }
}

#[test]
fn given_a_long_run_when_cancelled_from_another_thread_then_it_stops_and_the_store_stays_usable() {
    let dir = tempfile::tempdir().unwrap();
    let session = demo_session(&dir);
    let runs = AnalysisRuns::default();
    let (started, computing) = mpsc::channel();
    let worker = {
        let (session, runs) = (session.clone(), runs.clone());
        std::thread::spawn(move || {
            let mut sent = false;
            let mut report = |p: &atalaya::analysis::panel::AnalysisProgress| {
                if p.stage == "computing" && p.total > 0 && !sent {
                    sent = true;
                    let _ = started.send(());
                }
            };
            runs.run(&session, long_knox(), ViewQuery::default(), &mut report)
        })
    };
    computing
        .recv_timeout(Duration::from_secs(120))
        .expect("the run reaches its permutations");
    // The store is not held while the run computes.
    let total = session.with_view("test", |_, view| Ok(view.len())).unwrap();
    assert_eq!(total, 3_000);
    // A second run is refused while the first runs.
    let second = runs.run(&session, long_knox(), ViewQuery::default(), &mut |_| {});
    assert_eq!(second.unwrap_err().code(), "analysis_running");

    assert!(runs.cancel(), "a run was going");
    let out = worker.join().unwrap();
    assert_eq!(out.unwrap_err().code(), "cancelled");
    assert!(!runs.cancel(), "nothing runs any more");
    // Nothing finished, so there is nothing to export.
    let e = runs
        .export(&session, ExportFormat::Csv, None, None)
        .unwrap_err();
    assert_eq!(e.code(), "no_analysis");
}

#[test]
fn given_a_finished_run_when_exported_then_csv_and_geojson_beside_the_store_or_at_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let session = demo_session(&dir);
    let runs = AnalysisRuns::default();
    let request = AnalysisRequest::Hotspots {
        cell: 250.0,
        weights: "queen".into(),
        areas: None,
    };
    let outcome = runs
        .run(&session, request, ViewQuery::default(), &mut |_| {})
        .unwrap();
    let csv = runs
        .export(&session, ExportFormat::Csv, None, None)
        .unwrap();
    let path = std::path::PathBuf::from(&csv.path);
    assert_eq!(path.parent().unwrap(), dir.path().join("exportaciones"));
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.starts_with("cell,col,row,x,y,lon,lat,count,z,p_value,q_value,class,class_fdr\n"));
    assert_eq!(
        text.lines().count(),
        1 + outcome.layer.as_ref().unwrap()["features"]
            .as_array()
            .unwrap()
            .len()
    );

    let chosen = dir.path().join("mío").join("gi.geojson");
    let saved = runs
        .export(
            &session,
            ExportFormat::Geojson,
            Some(chosen.display().to_string()),
            None,
        )
        .unwrap();
    assert_eq!(saved.path, chosen.display().to_string());
    let layer: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&chosen).unwrap()).unwrap();
    assert_eq!(layer["type"], "FeatureCollection");
    // The same cells in the same order (coordinates may differ in the last bit after a text
    // round trip).
    let cells = |v: &serde_json::Value| -> Vec<serde_json::Value> {
        v["features"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["properties"]["index"].clone())
            .collect()
    };
    assert_eq!(cells(&layer), cells(outcome.layer.as_ref().unwrap()));

    // A PNG: the data URL is decoded and checked.
    let png = runs
        .export(
            &session,
            ExportFormat::Png,
            None,
            Some("data:image/png;base64,iVBORw0KGgpJSERS".into()),
        )
        .unwrap();
    assert!(png.path.ends_with(".png"), "{}", png.path);
    assert_eq!(png.bytes, 12);
    let bad = runs
        .export(
            &session,
            ExportFormat::Png,
            None,
            Some("data:text/plain;base64,aG9sYQ==".into()),
        )
        .unwrap_err();
    assert_eq!(bad.code(), "invalid_argument");
}

#[test]
fn given_a_map_selection_when_run_then_only_the_incidents_the_table_lists_are_analysed() {
    let dir = tempfile::tempdir().unwrap();
    let session = demo_session(&dir);
    let runs = AnalysisRuns::default();
    let query = ViewQuery {
        filter: FilterArgs::default(),
        selection: Some(Selection::Box {
            bbox: [-70.625, -33.44, -70.600, -33.42],
        }),
    };
    let in_table = session
        .with_view("test", |ws, view| ws.view_count(view, &query))
        .unwrap();
    assert!(in_table > 0 && in_table < 3_000, "{in_table}");
    let outcome = runs
        .run(&session, AnalysisRequest::Rhythm, query, &mut |_| {})
        .unwrap();
    assert_eq!(outcome.selected, Some(in_table));
    let AnalysisResult::Rhythm(rhythm) = &outcome.result else {
        panic!("rhythms, got {}", outcome.result.kind());
    };
    assert_eq!(rhythm.hour_weekday.total, in_table);
}
