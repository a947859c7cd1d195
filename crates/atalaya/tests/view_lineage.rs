//! The view after an import: a write makes it stale, a rebuilt view sees the new incidents, and
//! an imported incident's detail shows the raw row it came from.

use atalaya::view::PageRequest;
mod support;

use support::{PATROL_HEADER, cp1252, reference_store};

const ROW: &str = "PM-1;01-03-2024;21:15;Robo por sorpresa;Av. Providencia 1234;-33,4175;-70,6155;M-03;Procedimiento PM-1";

#[test]
fn given_an_import_the_view_goes_stale_and_the_rebuilt_one_shows_its_lineage() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = reference_store(&dir);
    let before = ws.incident_view().unwrap();
    assert!(before.is_empty());

    let file = dir.path().join("patrullaje.csv");
    std::fs::write(&file, cp1252(&format!("{PATROL_HEADER}\r\n{ROW}\r\n"))).unwrap();
    let summary = ws
        .import(&file, &"auto".parse().unwrap(), &mut |_, _| {})
        .unwrap();
    assert_eq!(summary.created, 1);

    assert!(!ws.view_is_current(&before).unwrap());
    let view = ws.incident_view().unwrap();
    assert!(ws.view_is_current(&view).unwrap());
    let page = view
        .page(
            &ws,
            &PageRequest {
                limit: 10,
                ..PageRequest::default()
            },
        )
        .unwrap();
    assert_eq!(page.total, 1);
    let detail = ws.incident_detail(&page.rows[0].id).unwrap();
    assert_eq!(detail.category, "dmcs.robo_sorpresa");
    assert_eq!(detail.cuadrante.as_deref(), Some("C01"));
    assert_eq!(detail.lineage.len(), 1);
    let raw = &detail.lineage[0];
    assert_eq!(raw.origin, "patrullaje.csv");
    assert_eq!(raw.row_number, 2);
    assert_eq!(raw.content, ROW);
    assert_eq!(raw.status, "accepted");
    assert_eq!(
        raw.header.first().map(String::as_str),
        Some("N° Procedimiento")
    );
    assert_eq!(detail.history.len(), 1);
}
