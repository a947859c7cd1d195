//! What a workstation can say about its sync without contacting anyone (the desktop app's
//! header): the server, pending changes (also those made since the last session), open
//! conflicts, and when the last session was tried and how it ended. Against a real server in
//! this process, on real SQLCipher stores; also through `sync_shared`, the step-by-step session
//! the app runs on a workspace it shares with the map and table.

use std::sync::Mutex;

use atalaya::Workspace;
use atalaya::sync::{Keep, SyncError, WorkspaceAccess, sync_shared};

#[path = "support/sync_server.rs"]
mod sync_server;

use sync_server::{
    DEMO_SYNCED, Server, cuadrante_codes, demo_store, empty_store, incidents, options,
};

/// A workspace shared the way the desktop app shares it: behind a lock, possibly closed.
struct Shared(Mutex<Option<Workspace>>);

impl WorkspaceAccess for Shared {
    fn lend<R>(
        &self,
        step: impl FnOnce(&mut Workspace) -> Result<R, SyncError>,
    ) -> Result<R, SyncError> {
        let mut slot = self.0.lock().unwrap();
        step(slot.as_mut().ok_or(SyncError::StoreClosed)?)
    }
}

impl Shared {
    /// Runs `work` on the open workspace directly, as the app's other commands do.
    fn open<R>(&self, work: impl FnOnce(&mut Workspace) -> R) -> R {
        work(self.0.lock().unwrap().as_mut().expect("open"))
    }
}

#[test]
fn given_a_new_store_then_no_server_nothing_registered_and_its_records_pending() {
    let dir = tempfile::tempdir().unwrap();
    let ws = demo_store(&dir);

    let status = ws.sync_status().unwrap();

    assert_eq!(status.server, None);
    assert!(!status.registered);
    // The demo city (its source, areas, streets and cameras) and its incidents were never sent.
    assert_eq!(status.pending, DEMO_SYNCED, "{status:?}");
    assert_eq!(status.open_conflicts, 0);
    assert_eq!(
        (
            status.last_attempt_at,
            status.last_sync_at,
            status.last_error
        ),
        (None, None, None)
    );
}

#[test]
fn given_a_completed_session_then_nothing_pending_and_the_time_is_remembered() {
    let server = Server::current();
    let dir = tempfile::tempdir().unwrap();
    let mut ws = demo_store(&dir);
    let before = chrono::Utc::now() - chrono::Duration::seconds(1);

    let report = ws.sync(&options(&server.url, Some("ana"))).unwrap();
    let status = ws.sync_status().unwrap();

    assert_eq!(report.pushed, DEMO_SYNCED);
    assert_eq!(status.server.as_deref(), Some(server.url.as_str()));
    assert!(status.registered);
    assert_eq!(status.pending, 0);
    assert_eq!(status.last_error, None);
    let at = status.last_sync_at.clone().expect("a success time");
    assert_eq!(status.last_attempt_at, Some(at.clone()));
    let at = chrono::DateTime::parse_from_rfc3339(&at).unwrap();
    assert!(at >= before && at <= chrono::Utc::now(), "{at}");
}

#[test]
fn given_an_edit_after_a_session_then_it_is_pending_until_the_next_one() {
    let server = Server::current();
    let dir = tempfile::tempdir().unwrap();
    let mut ws = demo_store(&dir);
    ws.sync(&options(&server.url, Some("ana"))).unwrap();
    let (id, _) = incidents(&ws).remove(0);

    ws.edit_incident(&id, &[("description".into(), "revisado".into())])
        .unwrap();
    let pending = ws.sync_status().unwrap().pending;
    ws.sync(&options(&server.url, None)).unwrap();

    assert_eq!(pending, 1);
    assert_eq!(ws.sync_status().unwrap().pending, 0);
}

#[test]
fn given_the_server_gone_then_the_last_success_stays_and_the_error_says_unreachable() {
    let server = Server::current();
    let url = server.url.clone();
    let dir = tempfile::tempdir().unwrap();
    let mut ws = demo_store(&dir);
    ws.sync(&options(&url, Some("ana"))).unwrap();
    let success = ws.sync_status().unwrap().last_sync_at;
    drop(server);
    let (id, _) = incidents(&ws).remove(0);
    ws.edit_incident(&id, &[("description".into(), "sin red".into())])
        .unwrap();

    let err = ws.sync(&options(&url, None)).unwrap_err();
    let status = ws.sync_status().unwrap();

    assert_eq!(err.code(), "unreachable", "{err}");
    assert_eq!(status.last_sync_at, success);
    assert!(status.last_attempt_at >= success);
    let error = status.last_error.expect("the failure is remembered");
    assert_eq!(error.code, "unreachable");
    assert!(
        error.message.contains("cannot reach the sync server"),
        "{}",
        error.message
    );
    assert_eq!(status.pending, 1, "the edit still waits");
}

#[test]
fn given_a_server_of_a_newer_schema_then_the_status_says_please_update() {
    let current = u32::try_from(atalaya_store::migrations::CURRENT).unwrap();
    let server = Server::start(current + 1);
    let dir = tempfile::tempdir().unwrap();
    let mut ws = demo_store(&dir);

    ws.sync(&options(&server.url, Some("ana"))).unwrap_err();

    let error = ws.sync_status().unwrap().last_error.expect("remembered");
    assert_eq!(error.code, "please_update");
    assert!(
        error.message.starts_with("please update Atalaya"),
        "{}",
        error.message
    );
}

#[test]
fn given_concurrent_category_edits_when_synced_through_shared_access_then_one_open_conflict_until_resolved()
 {
    let server = Server::current();
    let dir = tempfile::tempdir().unwrap();
    let mut a = demo_store(&dir);
    a.sync(&options(&server.url, Some("ana"))).unwrap();
    let b = Shared(Mutex::new(Some(empty_store(&dir, "b.db"))));
    let first = sync_shared(&b, &options(&server.url, Some("ana"))).unwrap();
    assert_eq!(first.pulled, DEMO_SYNCED, "B received all A had");
    let (id, category) = incidents(&a)
        .into_iter()
        .find(|(_, c)| c != "ley.armas" && c != "otr.receptacion")
        .unwrap();
    a.edit_incident(&id, &[("category".into(), "ley.armas".into())])
        .unwrap();
    b.open(|ws| ws.edit_incident(&id, &[("category".into(), "otr.receptacion".into())]))
        .unwrap();
    a.sync(&options(&server.url, None)).unwrap();
    let status = |b: &Shared| b.open(|ws| ws.sync_status()).unwrap();
    assert_eq!(status(&b).pending, 1);

    let report = sync_shared(&b, &options(&server.url, None)).unwrap();

    assert_eq!(report.open_conflicts.len(), 1, "{report:?}");
    let after = status(&b);
    assert_eq!((after.pending, after.open_conflicts), (0, 1));
    assert!(after.last_sync_at.is_some());
    let conflict = &report.open_conflicts[0];
    assert_eq!(
        (conflict.record.as_str(), conflict.column.as_str()),
        (id.as_str(), "category")
    );
    assert_ne!(category, "ley.armas");

    // Keeping theirs is an edit: pending until the next session, then closed on both sides.
    b.open(|ws| ws.resolve_conflict(conflict.id, &Keep::Theirs))
        .unwrap();
    let resolved = status(&b);
    assert_eq!((resolved.pending, resolved.open_conflicts), (1, 0));
    sync_shared(&b, &options(&server.url, None)).unwrap();
    a.sync(&options(&server.url, None)).unwrap();
    assert_eq!(status(&b).pending, 0);
    assert_eq!(a.sync_status().unwrap().open_conflicts, 0);
    assert!(a.conflicts(true).unwrap().is_empty());
    let kept = incidents(&a).into_iter().find(|(i, _)| *i == id).unwrap().1;
    assert_eq!(kept, "ley.armas");
}

#[test]
fn given_a_closed_shared_store_then_the_session_says_store_locked_and_remembers_nothing() {
    let server = Server::current();
    let closed = Shared(Mutex::new(None));

    let err = sync_shared(&closed, &options(&server.url, None)).unwrap_err();

    assert_eq!(err.code(), "store_locked", "{err}");
}

/// A point inside cuadrante `code` of `ws`'s city.
fn inside(ws: &Workspace, code: &str) -> (f64, f64) {
    use geo::InteriorPoint;
    let area = ws
        .store()
        .area_shapes()
        .unwrap()
        .into_iter()
        .find(|a| a.code == code)
        .unwrap();
    let p = area.geometry.interior_point().unwrap();
    (p.x(), p.y())
}

#[test]
fn given_a_field_user_of_one_cuadrante_then_an_incident_outside_it_says_so_and_the_server_refuses_it()
 {
    let server = Server::current();
    let dir = tempfile::tempdir().unwrap();
    let mut a = demo_store(&dir);
    a.sync(&options(&server.url, Some("ana"))).unwrap();
    let codes = cuadrante_codes(&a);
    let (mine, other) = (codes[0].clone(), codes[1].clone());
    server.add_user("flor", atalaya::server::Role::Field, &mine);
    let mut field = empty_store(&dir, "f.db");
    field.sync(&options(&server.url, Some("flor"))).unwrap();

    assert_eq!(field.sync_cuadrantes().unwrap(), Some(vec![mine.clone()]));
    assert_eq!(a.sync_cuadrantes().unwrap(), None, "ana: the whole comuna");
    let capture = |ws: &mut Workspace, code: &str, text: &str| {
        ws.capture_incident(&atalaya::capture::NewIncident {
            category: "dmcs.hurto".into(),
            occurred_at: "2024-01-03 10:00".into(),
            description: text.into(),
            address: None,
            point: Some(inside(ws, code)),
        })
        .unwrap()
    };
    let kept = capture(&mut field, &mine, "en mi cuadrante");
    let beyond = capture(&mut field, &other, "en el cuadrante vecino");
    assert_eq!(kept.cuadrante.as_deref(), Some(mine.as_str()));
    assert_eq!(kept.outside_jurisdiction, None);
    assert_eq!(beyond.cuadrante.as_deref(), Some(other.as_str()));
    assert_eq!(beyond.outside_jurisdiction, Some(vec![mine.clone()]));
    let a_incident = incidents(&a).remove(0).0;
    assert_eq!(
        a.incident_detail(&a_incident).unwrap().outside_jurisdiction,
        None
    );

    // What the detail said is what the server does.
    field.sync(&options(&server.url, None)).unwrap();
    let refused: Vec<String> = field
        .sync_status()
        .unwrap()
        .refusals
        .into_iter()
        .filter(|r| r.table == "incident")
        .map(|r| r.record)
        .collect();
    assert_eq!(refused, vec![beyond.id.clone()]);
    a.sync(&options(&server.url, None)).unwrap();
    let at_a: Vec<String> = incidents(&a).into_iter().map(|(id, _)| id).collect();
    assert!(
        at_a.contains(&kept.id) && !at_a.contains(&beyond.id),
        "{at_a:?}"
    );
}
