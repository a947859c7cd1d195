//! The link review as the desktop's screen reads it: the queue's size beside its best pairs, and
//! an incident merged by an analyst naming both of its sources in its detail.

mod support;

use atalaya::Workspace;
use support::{PATROL_HEADER, assert_audit_ok, cp1252, import, reference_store};

const CITIZEN_HEADER: &str = "folio,fecha,hora,canal,motivo,relato,direccion,lat,lon";

/// Two robberies a day apart, each seen by a patrol and, half an hour later and about 55 m
/// away, by a caller who names another robbery of the same group: close enough to ask an
/// analyst (score 0.35–0.5), not enough to merge without asking.
const PATROL_ROWS: [&str; 2] = [
    "PM-1;04-03-2024;21:15;Robo por sorpresa;Av. Providencia 1234;-33,4262;-70,6127;M-03;Le arrebatan el celular",
    "PM-2;05-03-2024;10:05;Robo por sorpresa;Av. Providencia 2100;-33,4218;-70,6078;M-05;Arrebato en paradero",
];
const CITIZEN_ROWS: [&str; 2] = [
    "DC-1,2024-03-04,21:45,telefono,Robo,Me amenazaron en la esquina,Providencia con Lyon,-33.4257,-70.6127",
    "DC-2,2024-03-05,10:35,app,Robo,Vecina asaltada saliendo del metro,Providencia con Los Leones,-33.4213,-70.6078",
];

/// A store where the two patrol records and the two calls wait for review as two pairs.
fn store_with_two_queued_pairs(dir: &tempfile::TempDir) -> Workspace {
    let mut ws = reference_store(dir);
    let patrol = dir.path().join("patrullaje.csv");
    let rows = PATROL_ROWS.join("\r\n");
    std::fs::write(&patrol, cp1252(&format!("{PATROL_HEADER}\r\n{rows}\r\n"))).unwrap();
    assert_eq!(import(&mut ws, &patrol, "auto").created, 2);
    let citizen = dir.path().join("denuncias.csv");
    let rows = CITIZEN_ROWS.join("\n");
    std::fs::write(&citizen, format!("{CITIZEN_HEADER}\n{rows}\n")).unwrap();
    let s = import(&mut ws, &citizen, "auto");
    assert_eq!((s.created, s.linked, s.link_queued), (2, 0, 2), "{s:?}");
    ws
}

#[test]
fn given_two_queued_pairs_the_queue_counts_both_whatever_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    let ws = store_with_two_queued_pairs(&dir);

    let queue = ws.link_queue(1).unwrap();
    assert_eq!(queue.pending, 2);
    assert_eq!(queue.pairs.len(), 1);

    let queue = ws.link_queue(50).unwrap();
    assert_eq!(queue.pending, 2);
    let pair = &queue.pairs[0];
    assert!(pair.score >= queue.pairs[1].score, "best first");
    assert!((0.35..0.5).contains(&pair.score), "{}", pair.score);
    let parts = pair.parts.expect("both sides are located");
    assert_eq!(parts.minutes, 30.0);
    assert!((50.0..60.0).contains(&parts.distance_m), "{parts:?}");
    let sources = [&pair.incident.source, &pair.candidate.source].map(|s| s.as_deref());
    assert!(
        sources.contains(&Some("Patrullaje municipal")),
        "{sources:?}"
    );
    assert!(
        sources.contains(&Some("Denuncias ciudadanas")),
        "{sources:?}"
    );
}

#[test]
fn given_a_confirmed_pair_the_incident_names_both_sources_and_the_queue_shrinks() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = store_with_two_queued_pairs(&dir);
    let pairs = ws.link_queue(50).unwrap().pairs;
    let view = ws.incident_view().unwrap();

    let decision = ws.link_confirm(&pairs[0].id).unwrap();
    assert_eq!(
        decision.incident.as_deref(),
        Some(pairs[0].incident.id.as_str())
    );
    assert!(
        !ws.view_is_current(&view).unwrap(),
        "the merge makes the view stale"
    );
    assert_eq!(ws.incident_view().unwrap().len(), view.len() - 1);

    let detail = ws.incident_detail(&pairs[0].incident.id).unwrap();
    let mut expected = vec![
        pairs[0].incident.source.clone().unwrap(),
        pairs[0].candidate.source.clone().unwrap(),
    ];
    assert_eq!(detail.sources, expected);
    expected.sort();
    let mut by_row: Vec<String> = detail.lineage.iter().map(|l| l.source.clone()).collect();
    by_row.sort();
    assert_eq!(by_row, expected, "one input row from each source");

    let queue = ws.link_queue(50).unwrap();
    assert_eq!(queue.pending, 1);
    assert_eq!(queue.pairs[0].id, pairs[1].id);

    ws.link_reject(&pairs[1].id).unwrap();
    let queue = ws.link_queue(50).unwrap();
    assert_eq!((queue.pending, queue.pairs.len()), (0, 0));
    let untouched = ws.incident_detail(&pairs[1].incident.id).unwrap();
    assert_eq!(untouched.sources.len(), 1, "a rejected pair stays apart");
    assert_audit_ok(&ws);
}
