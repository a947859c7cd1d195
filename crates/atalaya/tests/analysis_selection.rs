//! An analysis on a map selection, on a real encrypted demo store: it sees exactly the incidents
//! the table lists for the same filter and selection (a lasso: the rhythm table counted from the
//! table's rows; a box: the same Gi* cells as the filter's own bounding box); without a
//! selection nothing changes; the rollup analyses say they ran on the whole filter.

mod support;

use atalaya::analysis::panel::{
    AnalysisOutcome, AnalysisProgress, AnalysisRequest, AnalysisResult, AnalysisWatch,
};
use atalaya::view::MAX_PAGE_ROWS;
use atalaya::{
    CancelToken, FilterArgs, IncidentView, PageRequest, Selection, ViewQuery, Workspace,
};
use chrono::{Datelike, Timelike};

/// A demo store: 3 000 incidents over two years from 2023-01-01, and its view.
fn demo(dir: &tempfile::TempDir) -> (Workspace, IncidentView) {
    let ws = support::two_year_demo(dir);
    let view = ws.incident_view().unwrap();
    (ws, view)
}

fn run(
    ws: &Workspace,
    view: &IncidentView,
    request: &AnalysisRequest,
    query: &ViewQuery,
) -> AnalysisOutcome {
    let token = CancelToken::new();
    let mut report = |_: &AnalysisProgress| {};
    let mut watch = AnalysisWatch {
        cancel: &token,
        report: &mut report,
    };
    ws.run_analysis_query(view, request, query, &mut watch)
        .unwrap()
}

/// 2024 only, so the filter and the selection both narrow.
fn year_2024() -> FilterArgs {
    FilterArgs {
        from: Some("2024-01-01".into()),
        to: Some("2025-01-01".into()),
        ..Default::default()
    }
}

/// A triangle over the south-west of Providencia (slanted edges: a real point-in-polygon test).
fn lasso() -> Selection {
    Selection::Polygon {
        ring: vec![[-70.64, -33.445], [-70.600, -33.445], [-70.625, -33.415]],
    }
}

/// The table's rows for `query`, every page.
fn table_rows(
    ws: &Workspace,
    view: &IncidentView,
    query: &ViewQuery,
) -> Vec<atalaya::view::TableRow> {
    let mut rows = Vec::new();
    loop {
        let page = view
            .page(
                ws,
                &PageRequest {
                    query: query.clone(),
                    sort: Default::default(),
                    offset: rows.len() as u64,
                    limit: MAX_PAGE_ROWS,
                },
            )
            .unwrap();
        if page.rows.is_empty() {
            return rows;
        }
        rows.extend(page.rows);
    }
}

#[test]
fn given_a_lasso_when_rhythms_run_then_they_count_exactly_the_tables_incidents() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, view) = demo(&dir);
    let query = ViewQuery {
        filter: year_2024(),
        selection: Some(lasso()),
    };
    let in_table = ws.view_count(&view, &query).unwrap();
    let in_filter = ws
        .view_count(
            &view,
            &ViewQuery {
                filter: year_2024(),
                selection: None,
            },
        )
        .unwrap();
    assert!(
        in_table > 50 && in_table < in_filter / 2,
        "the lasso holds part of the filter: {in_table} of {in_filter}"
    );

    let out = run(&ws, &view, &AnalysisRequest::Rhythm, &query);
    assert_eq!(out.selected, Some(in_table));
    assert!(!out.selection_ignored);
    let AnalysisResult::Rhythm(rhythm) = &out.result else {
        panic!("rhythms, got {}", out.result.kind());
    };
    // The hour × weekday table counted from the table's own rows (their local times).
    let mut expected = vec![vec![0u64; 24]; 7];
    let rows = table_rows(&ws, &view, &query);
    assert_eq!(rows.len() as u64, in_table);
    for row in &rows {
        let at = chrono::DateTime::parse_from_rfc3339(&row.occurred_at).unwrap();
        expected[at.weekday().num_days_from_monday() as usize][at.hour() as usize] += 1;
    }
    assert_eq!(rhythm.hour_weekday.total, in_table);
    assert_eq!(rhythm.hour_weekday.counts, expected);
}

#[test]
fn given_a_box_selection_then_the_same_gi_cells_as_the_filters_own_bounding_box() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, view) = demo(&dir);
    let bbox = [-70.625, -33.44, -70.600, -33.42];
    let request = AnalysisRequest::Hotspots {
        cell: 250.0,
        weights: "queen".into(),
        areas: None,
    };
    let selected = ViewQuery {
        filter: year_2024(),
        selection: Some(Selection::Box { bbox }),
    };
    let boxed = ViewQuery {
        filter: FilterArgs {
            bbox: Some(format!("{},{},{},{}", bbox[0], bbox[1], bbox[2], bbox[3])),
            ..year_2024()
        },
        selection: None,
    };
    let on_selection = run(&ws, &view, &request, &selected);
    let on_filter = run(&ws, &view, &request, &boxed);
    let (AnalysisResult::Hotspots(a), AnalysisResult::Hotspots(b)) =
        (&on_selection.result, &on_filter.result)
    else {
        panic!("two grid Gi* results");
    };
    assert_eq!(a.events as u64, ws.view_count(&view, &selected).unwrap());
    assert_eq!(a.cells, b.cells);
    assert_eq!(on_selection.selected, Some(a.events as u64));
    assert_eq!(on_filter.selected, None);
}

#[test]
fn given_a_selection_when_compstat_or_gi_on_areas_run_then_they_say_it_was_not_applied() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, view) = demo(&dir);
    let query = ViewQuery {
        filter: year_2024(),
        selection: Some(lasso()),
    };
    let areas = AnalysisRequest::Hotspots {
        cell: 250.0,
        weights: "queen".into(),
        areas: Some("cuadrante".into()),
    };
    for request in [AnalysisRequest::Compstat, areas] {
        let out = run(&ws, &view, &request, &query);
        assert!(out.selection_ignored, "{}", out.result.kind());
        assert_eq!(out.selected, None);
        let whole = run(
            &ws,
            &view,
            &request,
            &ViewQuery {
                selection: None,
                ..query.clone()
            },
        );
        assert!(!whole.selection_ignored);
        assert_eq!(
            serde_json::to_value(&out.result).unwrap(),
            serde_json::to_value(&whole.result).unwrap()
        );
    }
}
