//! Cases on real SQLCipher stores: the review workflow and its refusals, and cases travelling
//! through a real sync server on loopback — items and reviews merge as unions, two
//! workstations deciding the same case at once leave one conflict on both, and a field user
//! receives the cases of their cuadrante only.

#[path = "support/sync_server.rs"]
mod sync_server;

use atalaya::cases::{CaseDetail, CaseStatus, NewCase, ReviewDecision};
use atalaya::server::Role;
use atalaya::sync::ConflictSubject;
use atalaya::sync::Keep;
use atalaya::{OpenOptions, Workspace};
use sync_server::{Server, cuadrante_codes, incidents, options};

fn store(dir: &tempfile::TempDir, name: &str, actor: &str, demo: bool) -> Workspace {
    let mut opts =
        OpenOptions::new(dir.path().join(name)).with_passphrase(Some("clave de prueba".into()));
    opts.actor = Some(actor.to_owned());
    let mut ws = Workspace::create(&opts).unwrap();
    if demo {
        let config = atalaya::DemoConfig {
            seed: 5,
            incidents: 6,
            start: chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(),
            days: 10,
        };
        ws.load_demo(&config, &mut |_, _| {}).unwrap();
    }
    ws
}

fn new_case(title: &str, cuadrante: Option<&str>) -> NewCase {
    NewCase {
        title: title.to_owned(),
        cuadrante: cuadrante.map(str::to_owned),
        supervisor: Some("sara".to_owned()),
    }
}

/// The timeline as (kind, author, note or decision) triples, oldest first.
fn timeline(detail: &CaseDetail) -> Vec<(String, String, String)> {
    detail
        .timeline
        .iter()
        .map(|e| {
            let what = match (&e.decision, &e.note, &e.ref_id) {
                (Some(d), _, _) => d.as_str().to_owned(),
                (None, Some(n), _) => n.clone(),
                (None, None, Some(r)) => r.clone(),
                _ => String::new(),
            };
            (e.kind.clone(), e.author.clone().unwrap_or_default(), what)
        })
        .collect()
}

fn error_code(r: atalaya::Result<CaseDetail>) -> &'static str {
    r.expect_err("refused").code()
}

#[test]
fn given_a_case_when_it_goes_through_review_then_the_timeline_tells_its_story() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = store(&dir, "a.db", "ana", true);
    let ids: Vec<String> = incidents(&ws).into_iter().map(|i| i.0).collect();

    let case = ws
        .open_case(&new_case("Robos en Pedro de Valdivia", None))
        .unwrap();
    let id = case.case.id.clone();
    // What may be done follows the status; never registered, the workstation may review.
    assert_eq!(
        (case.actions.as_slice(), case.case.takes_items),
        (["submit", "close"].as_slice(), true)
    );
    ws.add_case_incidents(&id, &ids[..2]).unwrap();
    // The same incident again is skipped; one new one is placed.
    ws.add_case_incidents(&id, &ids[1..3]).unwrap();
    ws.add_case_note(&id, "  Mismo patrón: noche, salida del metro.  ")
        .unwrap();
    let submitted = ws.submit_case(&id).unwrap();
    assert_eq!(
        (submitted.actions.as_slice(), submitted.case.takes_items),
        (["review"].as_slice(), true)
    );
    let changes = ws.review_case(
        &id,
        ReviewDecision::RequestChanges,
        "Falta el parte policial",
    );
    assert_eq!(changes.unwrap().case.status, CaseStatus::Open);
    ws.submit_case(&id).unwrap();
    let done = ws.review_case(&id, ReviewDecision::Approve, "").unwrap();

    assert_eq!(done.case.status, CaseStatus::Approved);
    assert_eq!(
        (done.actions.as_slice(), done.case.takes_items),
        (["close", "reopen"].as_slice(), false)
    );
    assert_eq!((done.case.items, done.case.reviews), (4, 2));
    assert_eq!(done.case.owner.as_deref(), Some("ana"));
    assert_eq!(done.case.supervisor.as_deref(), Some("sara"));
    let ana = || "ana".to_owned();
    assert_eq!(
        timeline(&done),
        vec![
            ("incident".into(), ana(), ids[0].clone()),
            ("incident".into(), ana(), ids[1].clone()),
            ("incident".into(), ana(), ids[2].clone()),
            (
                "note".into(),
                ana(),
                "Mismo patrón: noche, salida del metro.".into()
            ),
            ("status".into(), ana(), "in_review".into()),
            ("review".into(), ana(), "request_changes".into()),
            ("status".into(), ana(), "in_review".into()),
            ("review".into(), ana(), "approve".into()),
        ]
    );
    let first = &done.timeline[0];
    let record = first
        .record
        .as_ref()
        .expect("the incident is in this store");
    assert!(record.category.is_some() && record.occurred_at.is_some());
    assert_eq!(
        done.timeline[5].note.as_deref(),
        Some("Falta el parte policial")
    );
    let listed = ws.cases(None).unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0], done.case);
    assert!(ws.cases(Some(CaseStatus::Open)).unwrap().is_empty());
    assert!(ws.verify_audit().unwrap().problems.is_empty());
}

#[test]
fn given_a_case_when_an_action_does_not_apply_then_it_is_refused_and_nothing_changes() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = store(&dir, "a.db", "ana", true);
    let ids: Vec<String> = incidents(&ws).into_iter().map(|i| i.0).collect();
    let id = ws.open_case(&new_case("Caso", None)).unwrap().case.id;
    let before = ws.case_detail(&id).unwrap();

    let refused = [
        (
            "review an open case",
            error_code(ws.review_case(&id, ReviewDecision::Approve, "")),
        ),
        ("reopen an open case", error_code(ws.reopen_case(&id))),
        ("request changes without a comment", {
            ws.submit_case(&id).unwrap();
            error_code(ws.review_case(&id, ReviewDecision::RequestChanges, "  "))
        }),
        ("submit twice", error_code(ws.submit_case(&id))),
        ("close in review", error_code(ws.close_case(&id))),
        ("an empty note", error_code(ws.add_case_note(&id, " "))),
        ("an unknown incident", {
            let unknown = uuid::Uuid::now_v7().to_string();
            error_code(ws.add_case_incidents(&id, &[unknown]))
        }),
        (
            "a malformed incident id",
            error_code(ws.add_case_incidents(&id, &["x".into()])),
        ),
        ("no incidents", error_code(ws.add_case_incidents(&id, &[]))),
        (
            "an unknown case",
            error_code(ws.submit_case(&uuid::Uuid::now_v7().to_string())),
        ),
        (
            "an empty title",
            error_code(ws.open_case(&new_case(" ", None))),
        ),
        (
            "an unknown cuadrante",
            error_code(ws.open_case(&new_case("T", Some("C-99")))),
        ),
        ("items on a closed case", {
            ws.review_case(&id, ReviewDecision::Reject, "Duplicado del caso 12")
                .unwrap();
            error_code(ws.add_case_incidents(&id, &ids[..1]))
        }),
    ];

    let codes: Vec<(&str, &str)> = refused.to_vec();
    assert_eq!(
        codes,
        vec![
            ("review an open case", "case_state"),
            ("reopen an open case", "case_state"),
            ("request changes without a comment", "invalid_argument"),
            ("submit twice", "case_state"),
            ("close in review", "case_state"),
            ("an empty note", "invalid_argument"),
            ("an unknown incident", "not_found"),
            ("a malformed incident id", "invalid_argument"),
            ("no incidents", "invalid_argument"),
            ("an unknown case", "not_found"),
            ("an empty title", "invalid_argument"),
            ("an unknown cuadrante", "invalid_argument"),
            ("items on a closed case", "case_state"),
        ]
    );
    let after = ws.case_detail(&id).unwrap();
    assert_eq!(after.case.status, CaseStatus::Closed);
    assert_eq!(after.case.items, before.case.items, "no item was placed");
    assert_eq!(after.case.reviews, 1, "only the rejection");
    assert_eq!(ws.cases(None).unwrap().len(), 1, "no case was opened");
    let err = ws.submit_case(&id).unwrap_err();
    assert_eq!(
        err.details(),
        vec![
            ("status", "closed".to_owned()),
            ("action", "submit".to_owned())
        ]
    );
}

#[test]
fn given_two_workstations_deciding_one_case_offline_when_both_sync_then_items_merge_and_one_conflict_remains()
 {
    let server = Server::current();
    server.add_user("sara", Role::Supervisor, "all");
    server.add_user("sofia", Role::Supervisor, "all");
    let dir = tempfile::tempdir().unwrap();
    let mut a = store(&dir, "a.db", "sara", true);
    let mut b = store(&dir, "b.db", "sofia", false);
    let ids: Vec<String> = incidents(&a).into_iter().map(|i| i.0).collect();
    let id = a.open_case(&new_case("Turbazos", None)).unwrap().case.id;
    a.add_case_incidents(&id, &ids[..2]).unwrap();
    a.submit_case(&id).unwrap();
    a.sync(&options(&server.url, Some("sara"))).unwrap();
    b.sync(&options(&server.url, Some("sofia"))).unwrap();
    assert_eq!(b.case_detail(&id).unwrap(), a.case_detail(&id).unwrap());

    // Offline, each adds to the timeline, then each decides differently.
    a.add_case_note(&id, "Nota de Sara").unwrap();
    a.add_case_incidents(&id, &ids[2..3]).unwrap();
    b.add_case_note(&id, "Nota de Sofía").unwrap();
    a.review_case(&id, ReviewDecision::Approve, "Bien").unwrap();
    b.review_case(&id, ReviewDecision::Reject, "No es un patrón")
        .unwrap();
    a.sync(&options(&server.url, None)).unwrap();
    let report = b.sync(&options(&server.url, None)).unwrap();
    a.sync(&options(&server.url, None)).unwrap();

    let (da, db) = (a.case_detail(&id).unwrap(), b.case_detail(&id).unwrap());
    assert_eq!(da, db, "both workstations hold the same case");
    assert_eq!(
        (da.case.items, da.case.reviews),
        (5, 2),
        "every item and review kept"
    );
    let notes: Vec<_> = da.timeline.iter().filter_map(|e| e.note.clone()).collect();
    for note in ["Nota de Sara", "Nota de Sofía", "Bien", "No es un patrón"] {
        assert!(notes.contains(&note.to_owned()), "{note} in {notes:?}");
    }
    assert!(da.case.conflict, "the status is in conflict");
    assert_eq!(report.open_conflicts.len(), 1, "{report:?}");
    let conflict = &b.conflicts(true).unwrap()[0];
    assert_eq!(
        (conflict.table.as_str(), conflict.column.as_str()),
        ("case_file", "status")
    );
    assert_eq!(conflict.record, id);
    assert_eq!(
        conflict.subject,
        Some(ConflictSubject::Case {
            title: da.case.title.clone()
        }),
        "the inbox names the case"
    );
    let case_key = *uuid::Uuid::parse_str(&id).unwrap().as_bytes();
    for review in b.store().case_reviews(&case_key).unwrap() {
        assert_eq!(b.store().review_case(&review.id).unwrap(), Some(case_key));
    }
    assert_eq!(b.store().review_case(&[7; 16]).unwrap(), None);
    let mut sides = [conflict.kept.value.clone(), conflict.incoming.value.clone()];
    sides.sort();
    assert_eq!(sides, ["approved".to_owned(), "closed".to_owned()]);

    // A person decides; the decision travels like any edit.
    b.resolve_conflict(conflict.id, &Keep::Value("approved".into()))
        .unwrap();
    b.sync(&options(&server.url, None)).unwrap();
    a.sync(&options(&server.url, None)).unwrap();
    let (da, db) = (a.case_detail(&id).unwrap(), b.case_detail(&id).unwrap());
    assert_eq!(da, db);
    assert_eq!(da.case.status, CaseStatus::Approved);
    assert!(!da.case.conflict);
    assert!(a.conflicts(true).unwrap().is_empty() && b.conflicts(true).unwrap().is_empty());
}

#[test]
fn given_a_field_user_of_one_cuadrante_when_syncing_then_only_that_cuadrante_s_cases_arrive() {
    let server = Server::current();
    let dir = tempfile::tempdir().unwrap();
    let mut a = store(&dir, "a.db", "ana", true);
    let cuadrantes = cuadrante_codes(&a);
    let (mine, other) = (&cuadrantes[0], &cuadrantes[1]);
    server.add_user("flor", Role::Field, mine);
    let kept = a
        .open_case(&new_case("Del cuadrante", Some(mine)))
        .unwrap()
        .case
        .id;
    a.add_case_note(&kept, "visible en terreno").unwrap();
    let hidden = a
        .open_case(&new_case("De otro", Some(other)))
        .unwrap()
        .case
        .id;
    a.add_case_note(&hidden, "no visible").unwrap();
    let comuna = a.open_case(&new_case("Comunal", None)).unwrap().case.id;
    a.sync(&options(&server.url, Some("ana"))).unwrap();

    let mut field = store(&dir, "f.db", "flor", false);
    field.sync(&options(&server.url, Some("flor"))).unwrap();
    field.add_case_note(&kept, "desde terreno").unwrap();
    field.sync(&options(&server.url, None)).unwrap();
    a.sync(&options(&server.url, None)).unwrap();

    let listed: Vec<String> = field
        .cases(None)
        .unwrap()
        .into_iter()
        .map(|c| c.id)
        .collect();
    assert_eq!(listed, vec![kept.clone()]);
    let seen = field.case_detail(&kept).unwrap();
    assert_eq!(seen.case.items, 2, "the case's items travel with it");
    assert_eq!(field.case_detail(&hidden).unwrap_err().code(), "not_found");
    assert_eq!(field.case_detail(&comuna).unwrap_err().code(), "not_found");
    let notes: Vec<_> = a
        .case_detail(&kept)
        .unwrap()
        .timeline
        .into_iter()
        .filter_map(|e| e.note)
        .collect();
    assert_eq!(notes, ["visible en terreno", "desde terreno"]);
}

#[test]
fn given_a_workstation_registered_as_an_analyst_when_reviewing_then_it_is_refused_before_the_server_would()
 {
    let server = Server::current();
    let dir = tempfile::tempdir().unwrap();
    let mut a = store(&dir, "a.db", "ana", true);
    let id = a.open_case(&new_case("Caso", None)).unwrap().case.id;
    a.submit_case(&id).unwrap();
    // Unregistered, the workstation cannot know; registered, it knows `ana` is an analyst.
    a.sync(&options(&server.url, Some("ana"))).unwrap();

    let err = a.review_case(&id, ReviewDecision::Approve, "").unwrap_err();

    let status = a.sync_status().unwrap();
    assert_eq!(
        (status.user.as_deref(), status.role.as_deref()),
        (Some("ana"), Some("analyst"))
    );
    assert_eq!(err.code(), "role_required");
    assert_eq!(err.details(), vec![("role", "analyst".to_owned())]);
    let detail = a.case_detail(&id).unwrap();
    assert_eq!(
        (detail.case.status, detail.case.reviews),
        (CaseStatus::InReview, 0)
    );
    assert!(!a.may_review_cases().unwrap());
    assert!(
        detail.actions.is_empty(),
        "an analyst is offered no review: {:?}",
        detail.actions
    );
}
