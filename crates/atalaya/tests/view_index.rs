//! The in-memory incident view against the store's own SQL, on a real encrypted demo store:
//! counts, clusters, cell/box/row selections, table pages and order, staleness, detail.

use std::sync::OnceLock;

use atalaya::view::{SortColumn, SortSpec};
use atalaya::{
    DemoConfig, FilterArgs, IncidentView, MapRequest, OpenOptions, PageRequest, Selection,
    ViewQuery, Workspace,
};

/// The whole comuna and then some.
const PROVIDENCIA: [f64; 4] = [-70.66, -33.46, -70.56, -33.40];

struct Fixture {
    _dir: tempfile::TempDir,
    ws: Workspace,
    view: IncidentView,
}

// SAFETY of sharing: tests only read; the store's connection is used behind a mutex.
static FIXTURE: OnceLock<std::sync::Mutex<Fixture>> = OnceLock::new();

fn with_store<T>(f: impl FnOnce(&Workspace, &IncidentView) -> T) -> T {
    let fixture = FIXTURE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let opts = OpenOptions::new(dir.path().join("view.db"))
            .with_passphrase(Some("vista de prueba".into()));
        let mut ws = Workspace::create(&opts).unwrap();
        let config = DemoConfig {
            seed: 3,
            incidents: 20_000,
            ..DemoConfig::default()
        };
        ws.load_demo(&config, &mut |_, _| {}).unwrap();
        let view = ws.incident_view().unwrap();
        std::sync::Mutex::new(Fixture {
            _dir: dir,
            ws,
            view,
        })
    });
    let guard = fixture.lock().unwrap_or_else(|e| e.into_inner());
    f(&guard.ws, &guard.view)
}

fn args(edit: impl FnOnce(&mut FilterArgs)) -> FilterArgs {
    let mut a = FilterArgs::default();
    edit(&mut a);
    a
}

fn query(filter: FilterArgs, selection: Option<Selection>) -> ViewQuery {
    ViewQuery { filter, selection }
}

/// The view's count and the store's SQL count for the same filter must agree.
fn check_count(ws: &Workspace, view: &IncidentView, filter: FilterArgs) -> u64 {
    let sql = ws
        .count_incidents(&ws.parse_filter(&filter).unwrap())
        .unwrap();
    let ours = ws.view_count(view, &query(filter.clone(), None)).unwrap();
    assert_eq!(ours, sql, "view and SQL disagree for {filter:?}");
    let summary = view.summary(ws, &filter).unwrap();
    assert_eq!(summary.total, sql, "summary total for {filter:?}");
    sql
}

#[test]
fn given_each_kind_of_filter_the_view_counts_what_sql_counts() {
    with_store(|ws, view| {
        assert_eq!(view.len(), 20_000);
        assert_eq!(check_count(ws, view, FilterArgs::default()), 20_000);
        let filters = [
            args(|a| a.categories = vec!["dmcs".into()]),
            args(|a| a.categories = vec!["dmcs.hurto".into(), "inc".into()]),
            args(|a| {
                a.from = Some("2024-03-01".into());
                a.to = Some("2024-06-01T12:30".into());
            }),
            args(|a| a.areas = vec!["C03".into(), "C07".into()]),
            args(|a| a.bbox = Some("-70.62,-33.44,-70.60,-33.42".into())),
            args(|a| a.sources = vec!["Demo · Providencia sintética".into()]),
            args(|a| a.text = Some("celular".into())),
            args(|a| {
                a.categories = vec!["dmcs".into()];
                a.areas = vec!["C01".into()];
                a.from = Some("2024-01-01".into());
                a.text = Some("robo".into());
            }),
        ];
        let mut nonzero = 0;
        for f in filters {
            let n = check_count(ws, view, f);
            assert!(n <= 20_000);
            nonzero += usize::from(n > 0);
        }
        assert!(nonzero >= 7, "the filters should mostly match something");
    });
}

#[test]
fn given_a_filter_the_summary_splits_its_total_by_category_group_and_day() {
    with_store(|ws, view| {
        let filter = args(|a| {
            a.categories = vec!["dmcs".into()];
            a.from = Some("2024-01-01".into());
            a.to = Some("2024-02-01".into());
        });
        let s = view.summary(ws, &filter).unwrap();
        assert!(s.by_category.iter().all(|c| c.key.starts_with("dmcs.")));
        assert_eq!(s.by_category.iter().map(|c| c.count).sum::<u64>(), s.total);
        assert_eq!(s.by_group.len(), 1);
        assert_eq!(s.by_group[0].key, "dmcs");
        assert_eq!(s.days.first_day.as_deref(), Some("2023-01-01"));
        // The histogram ignores the time range: it holds the whole span of dmcs incidents.
        let all_dmcs = check_count(ws, view, args(|a| a.categories = vec!["dmcs".into()]));
        assert_eq!(s.days.counts.iter().sum::<u64>(), all_dmcs);
        // January 2024 is days 365..396 since 2023-01-01.
        assert_eq!(s.days.counts[365..396].iter().sum::<u64>(), s.total);
    });
}

fn map(ws: &Workspace, view: &IncidentView, filter: FilterArgs, zoom: f64) -> atalaya::MapLayer {
    view.map_layer(
        ws,
        &MapRequest {
            filter,
            bbox: PROVIDENCIA,
            zoom,
        },
    )
    .unwrap()
}

#[test]
fn given_the_whole_comuna_in_view_clusters_and_single_points_add_up_to_the_count() {
    with_store(|ws, view| {
        let filter = args(|a| a.categories = vec!["dmcs".into()]);
        let total = check_count(ws, view, filter.clone());
        let layer = map(ws, view, filter, 13.4);
        assert_eq!(layer.grid_zoom, 13);
        let clustered: u64 = layer.clusters.iter().map(|c| c.count).sum();
        assert_eq!(
            clustered + layer.points.len() as u64 + layer.unlocated,
            total
        );
        assert_eq!(layer.in_view + layer.unlocated, total);
        assert!(
            layer.clusters.len() < 500,
            "{} clusters",
            layer.clusters.len()
        );
        assert!(layer.clusters.iter().all(|c| c.count >= 2));
    });
}

#[test]
fn when_a_cluster_is_selected_the_table_holds_exactly_the_incidents_it_counted() {
    with_store(|ws, view| {
        let filter = args(|a| a.categories = vec!["dmcs".into()]);
        let layer = map(ws, view, filter.clone(), 15.0);
        let biggest = layer.clusters.iter().max_by_key(|c| c.count).unwrap();
        let selection = Selection::Cell {
            zoom: biggest.zoom,
            x: biggest.x,
            y: biggest.y,
        };
        let q = query(filter.clone(), Some(selection));
        assert_eq!(ws.view_count(view, &q).unwrap(), biggest.count);
        let page = view
            .page(
                ws,
                &PageRequest {
                    query: q,
                    limit: 1000,
                    ..PageRequest::default()
                },
            )
            .unwrap();
        assert_eq!(page.total, biggest.count);
        assert_eq!(page.rows.len() as u64, biggest.count.min(1000));
        assert!(page.rows.iter().all(|r| r.category.starts_with("dmcs.")));
        // Every row sits near the cluster's centre (a zoom-15 cell is ~300 m across).
        for r in &page.rows {
            let (lon, lat) = (r.lon.unwrap(), r.lat.unwrap());
            assert!((lon - biggest.lon).abs() < 0.01 && (lat - biggest.lat).abs() < 0.01);
        }
    });
}

#[test]
fn when_a_box_is_selected_it_counts_what_the_same_bbox_filter_counts_in_sql() {
    with_store(|ws, view| {
        let bbox = [-70.615, -33.43, -70.605, -33.42];
        let filter = args(|a| a.from = Some("2024-01-01".into()));
        let with_bbox = args(|a| {
            a.from = Some("2024-01-01".into());
            a.bbox = Some(bbox.map(|v| v.to_string()).join(","));
        });
        let sql = check_count(ws, view, with_bbox);
        assert!(sql > 0);
        let q = query(filter, Some(Selection::Box { bbox }));
        assert_eq!(ws.view_count(view, &q).unwrap(), sql);
    });
}

#[test]
fn when_rows_are_selected_by_rid_only_those_are_listed() {
    with_store(|ws, view| {
        let first = view
            .page(
                ws,
                &PageRequest {
                    limit: 5,
                    ..PageRequest::default()
                },
            )
            .unwrap();
        let rids: Vec<i64> = first.rows.iter().map(|r| r.rid).take(3).collect();
        let q = query(FilterArgs::default(), Some(Selection::Incidents { rids }));
        let page = view
            .page(
                ws,
                &PageRequest {
                    query: q,
                    limit: 10,
                    ..PageRequest::default()
                },
            )
            .unwrap();
        assert_eq!(page.total, 3);
        assert_eq!(page.rows, first.rows[..3]);
    });
}

#[test]
fn given_an_offset_pages_follow_the_sql_listing_order() {
    with_store(|ws, view| {
        let filter = args(|a| a.categories = vec!["inc".into()]);
        let parsed = ws.parse_filter(&filter).unwrap();
        let mut sql_times = Vec::new();
        ws.for_each_incident(
            &parsed,
            atalaya::incidents::Page {
                limit: Some(300),
                offset: 1000,
                newest_first: false,
            },
            |r| {
                sql_times.push(r.occurred_at);
                Ok(())
            },
        )
        .unwrap();
        let page = view
            .page(
                ws,
                &PageRequest {
                    query: query(filter, None),
                    offset: 1000,
                    limit: 300,
                    ..PageRequest::default()
                },
            )
            .unwrap();
        assert_eq!(page.offset, 1000);
        let ours: Vec<String> = page.rows.iter().map(|r| r.occurred_at.clone()).collect();
        assert_eq!(ours, sql_times);
    });
}

#[test]
fn given_a_sort_column_rows_come_in_its_order_and_ties_oldest_first() {
    with_store(|ws, view| {
        let page = |column, descending| {
            view.page(
                ws,
                &PageRequest {
                    sort: SortSpec { column, descending },
                    limit: 1000,
                    ..PageRequest::default()
                },
            )
            .unwrap()
            .rows
        };
        let by_cuadrante = page(SortColumn::Cuadrante, false);
        let keys: Vec<_> = by_cuadrante.iter().map(|r| r.cuadrante.clone()).collect();
        let mut sorted = keys.clone();
        sorted.sort_by(|a, b| match (a, b) {
            (None, None) => std::cmp::Ordering::Equal,
            (None, _) => std::cmp::Ordering::Greater,
            (_, None) => std::cmp::Ordering::Less,
            (a, b) => a.cmp(b),
        });
        assert_eq!(keys, sorted);
        for pair in by_cuadrante.windows(2) {
            if pair[0].cuadrante == pair[1].cuadrante {
                assert!(pair[0].occurred_at <= pair[1].occurred_at);
            }
        }
        let newest = page(SortColumn::OccurredAt, true);
        assert!(
            newest
                .windows(2)
                .all(|w| w[0].occurred_at >= w[1].occurred_at)
        );
        let z_first = page(SortColumn::Category, true);
        assert!(z_first.windows(2).all(|w| w[0].category >= w[1].category));
    });
}

#[test]
fn given_a_row_its_detail_has_fields_and_history() {
    with_store(|ws, view| {
        let row = view
            .page(
                ws,
                &PageRequest {
                    limit: 1,
                    ..PageRequest::default()
                },
            )
            .unwrap()
            .rows
            .remove(0);
        let detail = ws.incident_detail(&row.id).unwrap();
        assert_eq!(detail.id, row.id);
        assert_eq!(detail.category, row.category);
        assert_eq!(detail.occurred_at, row.occurred_at);
        assert_eq!(detail.history.len(), 1);
        assert_eq!(detail.history[0].action, "demo.incidents");
        assert!(detail.history[0].fields.contains(&"category".to_string()));
        // Demo incidents are generated, not read from a file: no lineage rows.
        assert!(detail.lineage.is_empty());
        assert_eq!(
            ws.incident_detail("0190aaaa-0000-7000-8000-000000000000")
                .unwrap_err()
                .code(),
            "not_found"
        );
        assert_eq!(
            ws.incident_detail("nada").unwrap_err().code(),
            "invalid_argument"
        );
    });
}

#[test]
fn given_the_store_the_catalog_and_area_layers_describe_it() {
    with_store(|ws, view| {
        let catalog = ws.view_catalog().unwrap();
        assert_eq!(catalog.incidents, 20_000);
        assert_eq!(catalog.incidents, view.len() as u64);
        assert!(
            catalog
                .groups
                .iter()
                .any(|g| g.code == "dmcs" && g.categories.iter().any(|c| c.code == "dmcs.hurto"))
        );
        assert!(!catalog.cuadrantes.is_empty() && !catalog.barrios.is_empty());
        assert_eq!(catalog.first_day.as_deref(), Some("2023-01-01"));
        let days = view.summary(ws, &FilterArgs::default()).unwrap().days;
        assert_eq!(catalog.first_day, days.first_day, "the view's first day");
        let last = catalog.last_day.as_deref().unwrap();
        let span = chrono::NaiveDate::parse_from_str(last, "%Y-%m-%d").unwrap()
            - chrono::NaiveDate::parse_from_str("2023-01-01", "%Y-%m-%d").unwrap();
        assert_eq!(
            span.num_days() as usize + 1,
            days.counts.len(),
            "the view's last day"
        );
        let layers = ws.area_layers().unwrap();
        assert_eq!(layers.comuna["features"].as_array().unwrap().len(), 1);
        assert_eq!(
            layers.cuadrantes["features"].as_array().unwrap().len(),
            catalog.cuadrantes.len()
        );
        assert!(ws.view_is_current(view).unwrap());
    });
}
