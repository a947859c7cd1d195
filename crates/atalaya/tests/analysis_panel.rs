//! The desktop panel's analysis runs on a real encrypted demo store: a request gives the same
//! result as the CLI's functions, with its map layer; progress is reported; a cancel stops a
//! long run; parameters are refused before the store is read; exports are the CLI's writers.

mod support;

use atalaya::analysis::WeightsSpec;
use atalaya::analysis::export::{ExportFormat, export_bytes};
use atalaya::analysis::grid::hotspot_layer;
use atalaya::analysis::panel::{
    AnalysisOutcome, AnalysisProgress, AnalysisRequest, AnalysisResult, AnalysisWatch,
};
use atalaya::analysis::render::Render;
use atalaya::{CancelToken, Error, FilterArgs, Workspace};

/// A demo store: 3 000 incidents over two years from 2023-01-01.
fn demo(dir: &tempfile::TempDir) -> Workspace {
    support::two_year_demo(dir)
}

/// Runs `request`, collecting the progress reports; `cancel_at` raises the token at the first
/// computing report with `done ≥ cancel_at`.
fn run(
    ws: &Workspace,
    request: &AnalysisRequest,
    filter: &FilterArgs,
    cancel_at: Option<u64>,
) -> (Result<AnalysisOutcome, Error>, Vec<AnalysisProgress>) {
    let token = CancelToken::new();
    let mut seen = Vec::new();
    let mut report = |p: &AnalysisProgress| {
        if cancel_at.is_some_and(|n| p.stage == "computing" && p.done >= n) {
            token.cancel();
        }
        seen.push(p.clone());
    };
    let mut watch = AnalysisWatch {
        cancel: &token,
        report: &mut report,
    };
    let out = ws.run_analysis(request, filter, &mut watch);
    (out, seen)
}

fn hotspots() -> AnalysisRequest {
    AnalysisRequest::Hotspots {
        cell: 200.0,
        weights: "queen".into(),
        areas: None,
    }
}

#[test]
fn given_a_hotspot_request_when_run_then_the_cli_result_and_one_polygon_per_studied_cell() {
    let dir = tempfile::tempdir().unwrap();
    let ws = demo(&dir);
    let filter = FilterArgs::default();
    let (out, seen) = run(&ws, &hotspots(), &filter, None);
    let out = out.unwrap();
    let AnalysisResult::Hotspots(layer) = &out.result else {
        panic!("a grid hot spot layer, got {}", out.result.kind());
    };
    let cli = hotspot_layer(
        &ws.analysis_data(&filter).unwrap(),
        200.0,
        WeightsSpec::Queen,
    )
    .unwrap();
    assert_eq!(layer.cells, cli.cells);
    let features = out.layer.as_ref().unwrap()["features"].as_array().unwrap();
    assert_eq!(features.len(), layer.cells.len());
    assert_eq!(features[0]["geometry"]["type"], "Polygon");
    // The demo has planted hot spots: some cells are hot at 99 % after FDR.
    assert!(layer.cells.iter().any(|c| c.class_fdr == Some(3)));
    let stages: Vec<&str> = seen.iter().map(|p| p.stage).collect();
    assert_eq!(stages.first(), Some(&"reading"));
    assert_eq!(stages.last(), Some(&"done"));
    assert!(stages.contains(&"computing"));
    // The export is the CLI's CSV, byte for byte.
    let csv = export_bytes(&out.result, ExportFormat::Csv).unwrap();
    assert_eq!(csv, cli.csv().to_csv().into_bytes());
}

#[test]
fn given_a_knox_run_when_cancelled_part_way_then_cancelled_and_no_step_after_the_cancel() {
    let dir = tempfile::tempdir().unwrap();
    let ws = demo(&dir);
    let request = AnalysisRequest::Knox {
        delta: "100,200".into(),
        tau: "7,14".into(),
        permutations: 400,
        seed: 1,
    };
    let (out, seen) = run(&ws, &request, &FilterArgs::default(), Some(1));
    assert_eq!(out.unwrap_err().code(), "cancelled");
    let steps: Vec<u64> = seen
        .iter()
        .filter(|p| p.stage == "computing" && p.total == 400)
        .map(|p| p.done)
        .collect();
    assert!(!steps.is_empty(), "{seen:?}");
    assert!(
        *steps.last().unwrap() < 400,
        "stopped before the last permutation: {steps:?}"
    );
    assert!(!seen.iter().any(|p| p.stage == "done"));
}

#[test]
fn given_a_knox_run_left_alone_then_the_table_and_chains_layer() {
    let dir = tempfile::tempdir().unwrap();
    let ws = demo(&dir);
    let request = AnalysisRequest::Knox {
        delta: "100,200".into(),
        tau: "7,14".into(),
        permutations: 19,
        seed: 1,
    };
    let (out, seen) = run(&ws, &request, &FilterArgs::default(), None);
    let out = out.unwrap();
    let AnalysisResult::Knox(nr) = &out.result else {
        panic!("knox");
    };
    assert_eq!(nr.table.cells.len(), 4);
    assert_eq!(nr.table.cells[0].monte_carlo.permutations, 19);
    let lines = out.layer.as_ref().unwrap()["features"].as_array().unwrap();
    assert_eq!(lines.len(), nr.chains.len());
    assert!(seen.iter().any(|p| p.stage == "computing" && p.done == 19));
}

#[test]
fn given_compstat_with_a_from_date_when_run_then_its_own_periods_and_the_from_is_reported_unused() {
    let dir = tempfile::tempdir().unwrap();
    let ws = demo(&dir);
    let filter = FilterArgs {
        from: Some("2024-06-01".into()),
        to: Some("2024-12-02".into()),
        ..Default::default()
    };
    let (out, _) = run(&ws, &AnalysisRequest::Compstat, &filter, None);
    let out = out.unwrap();
    assert!(out.ignored_from);
    assert!(out.layer.is_none());
    let AnalysisResult::Compstat(report) = &out.result else {
        panic!("compstat");
    };
    assert_eq!(
        report.periods[0].current,
        ("2024-11-25".into(), "2024-12-01".into())
    );
    let cli = ws
        .compstat(&FilterArgs {
            from: None,
            ..filter
        })
        .unwrap();
    assert_eq!(report, &cli);
    assert!(matches!(
        export_bytes(&out.result, ExportFormat::Geojson),
        Err(Error::InvalidArgument { .. })
    ));
}

#[test]
fn given_bad_parameters_when_run_then_refused_naming_the_parameter_before_reading_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let ws = demo(&dir);
    for (request, what) in [
        (
            AnalysisRequest::Hotspots {
                cell: 200.0,
                weights: "knn:0".into(),
                areas: None,
            },
            "--weights",
        ),
        (
            AnalysisRequest::Knox {
                delta: "200,100".into(),
                tau: "7".into(),
                permutations: 9,
                seed: 1,
            },
            "--delta",
        ),
        (
            AnalysisRequest::Forecast {
                cell: 150.0,
                bandwidth: 400.0,
                weeks: 4,
                coverage: 0.0,
            },
            "--coverage",
        ),
    ] {
        let (out, seen) = run(&ws, &request, &FilterArgs::default(), None);
        let e = out.unwrap_err();
        assert_eq!(e.code(), "invalid_argument");
        assert_eq!(e.details()[0], ("what", what.to_string()), "{e}");
        assert!(seen.iter().all(|p| p.stage == "reading"), "{seen:?}");
    }
}

#[test]
fn given_density_rhythm_and_forecast_requests_when_run_then_each_result_with_its_layer_or_none() {
    let dir = tempfile::tempdir().unwrap();
    let ws = demo(&dir);
    let filter = FilterArgs::default();
    let kde = AnalysisRequest::Kde {
        cell: 200.0,
        bandwidth: "silverman".into(),
        kernel: "quartic".into(),
    };
    let (out, _) = run(&ws, &kde, &filter, None);
    let out = out.unwrap();
    let AnalysisResult::Kde(layer) = &out.result else {
        panic!("kde");
    };
    assert!(layer.bandwidth.unwrap() > 0.0);
    assert!(
        layer
            .cells
            .iter()
            .any(|c| c.intensity_per_km2.unwrap() > 0.0)
    );
    assert_eq!(
        out.layer.as_ref().unwrap()["features"]
            .as_array()
            .unwrap()
            .len(),
        layer.cells.len()
    );

    let (out, _) = run(&ws, &AnalysisRequest::Rhythm, &filter, None);
    let out = out.unwrap();
    let AnalysisResult::Rhythm(r) = &out.result else {
        panic!("rhythm");
    };
    assert_eq!(r.hour_weekday.total, 3_000);
    assert!(out.layer.is_none());

    let forecast = AnalysisRequest::Forecast {
        cell: 200.0,
        bandwidth: 400.0,
        weeks: 4,
        coverage: 5.0,
    };
    let (out, seen) = run(&ws, &forecast, &filter, None);
    let out = out.unwrap();
    let AnalysisResult::Forecast(f) = &out.result else {
        panic!("forecast");
    };
    assert_eq!(f.evaluation.weeks.len(), 4);
    let flagged = f.cells.iter().filter(|c| c.flagged).count();
    assert_eq!(flagged, (0.05 * f.cells.len() as f64).ceil() as usize);
    let steps: Vec<(u64, u64)> = seen
        .iter()
        .filter(|p| p.stage == "computing" && p.total > 0)
        .map(|p| (p.done, p.total))
        .collect();
    assert_eq!(steps, vec![(0, 5), (1, 5), (2, 5), (3, 5), (4, 5)]);
}
