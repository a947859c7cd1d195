//! The map's lasso (`Selection::Polygon`) on a real encrypted store with five patrol incidents
//! at known points: exactly the incidents inside the ring or on its outline are selected, a
//! concave ring leaves its notch out, the filter still applies, and a ring that encloses nothing
//! is refused.

mod support;

use atalaya::view::{SortColumn, SortSpec};
use atalaya::{FilterArgs, PageRequest, Selection, ViewQuery, Workspace};
use support::*;

/// `(record id, category, lon, lat)`: a centre and four neighbours 0.002° away.
const INCIDENTS: &[(&str, &str, f64, f64)] = &[
    ("PM-1", "Hurto", -70.6155, -33.4175),
    ("PM-2", "Hurto", -70.6135, -33.4175),
    ("PM-3", "Robo por sorpresa", -70.6175, -33.4175),
    ("PM-4", "Robo por sorpresa", -70.6155, -33.4155),
    ("PM-5", "Hurto", -70.6155, -33.4195),
];

/// Decimal commas, as the patrol system writes them.
fn comma(v: f64) -> String {
    v.to_string().replace('.', ",")
}

fn store(dir: &tempfile::TempDir) -> Workspace {
    let mut ws = reference_store(dir);
    let rows: Vec<String> = INCIDENTS
        .iter()
        .map(|(id, category, lon, lat)| {
            format!(
                "{id};01-03-2024;21:15;{category};Av. Providencia 1234;{};{};M-03;Lazo {id}",
                comma(*lat),
                comma(*lon)
            )
        })
        .collect();
    let path = dir.path().join("partes.csv");
    std::fs::write(
        &path,
        cp1252(&format!("{PATROL_HEADER}\r\n{}\r\n", rows.join("\r\n"))),
    )
    .unwrap();
    let s = import(&mut ws, &path, "auto");
    assert_eq!(counts(&s), [5, 5, 5, 0, 0, 0]);
    ws
}

/// The record ids (from the descriptions) the table lists for `ring` under `filter`, sorted.
fn lassoed(ws: &Workspace, filter: FilterArgs, ring: &[[f64; 2]]) -> Vec<String> {
    let view = ws.incident_view().unwrap();
    let query = ViewQuery {
        filter,
        selection: Some(Selection::Polygon {
            ring: ring.to_vec(),
        }),
    };
    let page = view
        .page(
            ws,
            &PageRequest {
                query: query.clone(),
                sort: SortSpec {
                    column: SortColumn::OccurredAt,
                    descending: false,
                },
                offset: 0,
                limit: 100,
            },
        )
        .unwrap();
    assert_eq!(page.total, ws.view_count(&view, &query).unwrap());
    let mut ids: Vec<String> = page
        .rows
        .iter()
        .map(|r| r.description.trim_start_matches("Lazo ").to_owned())
        .collect();
    ids.sort();
    ids
}

/// What a case says, the ring, and the record ids it must select.
type Case = (&'static str, Vec<[f64; 2]>, &'static [&'static str]);

/// A rectangle `[west, south, east, north]` as an open ring.
fn rect([w, s, e, n]: [f64; 4]) -> Vec<[f64; 2]> {
    vec![[w, s], [e, s], [e, n], [w, n]]
}

#[test]
fn given_rings_of_each_shape_the_table_lists_exactly_the_incidents_inside_or_on_the_outline() {
    let dir = tempfile::tempdir().unwrap();
    let ws = store(&dir);
    let all = lassoed(
        &ws,
        FilterArgs::default(),
        &rect([-70.7, -33.5, -70.5, -33.3]),
    );
    assert_eq!(all, ["PM-1", "PM-2", "PM-3", "PM-4", "PM-5"]);
    // The stored points are the written ones, so the outline cases below are exact.
    let stored: Vec<(f64, f64)> = ws
        .store()
        .conn()
        .prepare("SELECT lon, lat FROM incident ORDER BY description")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let written: Vec<(f64, f64)> = INCIDENTS.iter().map(|i| (i.2, i.3)).collect();
    assert_eq!(stored, written);

    let mut closed = rect([-70.6175, -33.4185, -70.6135, -33.4165]);
    closed.push(closed[0]);
    // An opening to the east: the spine and both arms hold PM-3, PM-4 and PM-5; the notch
    // holds PM-1 and PM-2.
    let concave = vec![
        [-70.6185, -33.4200],
        [-70.6145, -33.4200],
        [-70.6145, -33.4190],
        [-70.6165, -33.4190],
        [-70.6165, -33.4160],
        [-70.6145, -33.4160],
        [-70.6145, -33.4150],
        [-70.6185, -33.4150],
    ];
    let cases: &[Case] = &[
        (
            "a small square around the centre",
            rect([-70.6165, -33.4185, -70.6145, -33.4165]),
            &["PM-1"],
        ),
        (
            "a rectangle whose east and west edges run through PM-2 and PM-3",
            rect([-70.6175, -33.4185, -70.6135, -33.4165]),
            &["PM-1", "PM-2", "PM-3"],
        ),
        (
            "the same rectangle, closed",
            closed,
            &["PM-1", "PM-2", "PM-3"],
        ),
        (
            "a triangle with PM-4 at a vertex",
            vec![
                [-70.6155, -33.4155],
                [-70.6200, -33.4250],
                [-70.6100, -33.4250],
            ],
            &["PM-1", "PM-4", "PM-5"],
        ),
        ("a concave ring", concave, &["PM-3", "PM-4", "PM-5"]),
        (
            "a ring somewhere else in the comuna",
            rect([-70.6000, -33.4300, -70.5950, -33.4250]),
            &[],
        ),
    ];
    for (what, ring, expected) in cases {
        assert_eq!(
            lassoed(&ws, FilterArgs::default(), ring),
            *expected,
            "{what}"
        );
    }
}

#[test]
fn given_a_filter_the_lasso_narrows_it_and_never_widens_it() {
    let dir = tempfile::tempdir().unwrap();
    let ws = store(&dir);
    let hurtos = FilterArgs {
        categories: vec!["dmcs.hurto".into()],
        ..FilterArgs::default()
    };
    assert_eq!(
        lassoed(&ws, hurtos, &rect([-70.6175, -33.4185, -70.6135, -33.4165])),
        ["PM-1", "PM-2"]
    );
}

#[test]
fn given_a_ring_that_encloses_nothing_the_query_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let ws = store(&dir);
    let view = ws.incident_view().unwrap();
    for ring in [
        vec![],
        vec![[-70.61, -33.41], [-70.62, -33.42]],
        vec![[-70.61, -33.41], [-70.62, -33.42], [-70.61, -33.41]],
        vec![[-70.61, -33.41], [f64::INFINITY, -33.42], [-70.60, -33.40]],
    ] {
        let query = ViewQuery {
            filter: FilterArgs::default(),
            selection: Some(Selection::Polygon { ring: ring.clone() }),
        };
        let err = ws.view_count(&view, &query).unwrap_err();
        assert_eq!(err.code(), "invalid_argument", "{ring:?}");
    }
}

#[test]
fn given_the_ui_json_a_polygon_selection_deserializes() {
    let json = r#"{"filter":{},"selection":{"kind":"polygon","ring":[[-70.62,-33.44],[-70.60,-33.44],[-70.61,-33.42]]}}"#;
    let query: ViewQuery = serde_json::from_str(json).unwrap();
    assert_eq!(
        query.selection,
        Some(Selection::Polygon {
            ring: vec![[-70.62, -33.44], [-70.60, -33.44], [-70.61, -33.42]]
        })
    );
}
