//! The shell's session against real encrypted stores: what each command would answer.

use atalaya::{OpenOptions, Workspace};
use atalaya_desktop::{Session, StoreStatus};
use tempfile::TempDir;

const PASSPHRASE: &str = "cerro santa lucía";

/// A new, empty store protected by `PASSPHRASE` only (no keyring involved).
fn passphrase_store() -> (TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("store.db");
    let options = OpenOptions::new(&path).with_passphrase(Some(PASSPHRASE.into()));
    drop(Workspace::create(&options).expect("create store"));
    (dir, path)
}

fn status(path: &std::path::Path, exists: bool, needs: bool, unlocked: bool) -> StoreStatus {
    StoreStatus {
        path: path.display().to_string(),
        exists,
        needs_passphrase: needs,
        unlocked,
    }
}

#[test]
fn given_no_store_at_the_path_status_says_it_does_not_exist() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("missing.db");
    let session = Session::new(path.clone(), None);

    assert_eq!(
        session.status().unwrap(),
        status(&path, false, false, false)
    );
    assert_eq!(session.unlock(None).unwrap_err().code(), "store_not_found");
}

#[test]
fn given_a_passphrase_store_the_ui_must_ask_and_stats_wait_for_unlock() {
    let (_dir, path) = passphrase_store();
    let session = Session::new(path.clone(), None);

    assert_eq!(session.status().unwrap(), status(&path, true, true, false));
    assert_eq!(session.stats().unwrap_err().code(), "store_locked");
}

#[test]
fn given_a_wrong_passphrase_unlock_fails_with_its_code_and_the_store_stays_locked() {
    let (_dir, path) = passphrase_store();
    let session = Session::new(path.clone(), None);

    let error = session.unlock(Some("no es la frase".into())).unwrap_err();

    assert_eq!(error.code(), "wrong_passphrase");
    assert_eq!(session.status().unwrap(), status(&path, true, true, false));
}

#[test]
fn given_the_right_passphrase_unlock_opens_the_store_for_stats() {
    let (_dir, path) = passphrase_store();
    let session = Session::new(path.clone(), None);

    session.unlock(Some(PASSPHRASE.into())).unwrap();

    assert_eq!(session.status().unwrap(), status(&path, true, false, true));
    assert_eq!(session.stats().unwrap().incidents, 0);
}

#[test]
fn given_the_passphrase_in_the_environment_the_ui_need_not_ask() {
    let (_dir, path) = passphrase_store();
    let session = Session::new(path.clone(), Some(PASSPHRASE.into()));

    assert_eq!(session.status().unwrap(), status(&path, true, false, false));
    session.unlock(None).unwrap();
    assert!(session.status().unwrap().unlocked);
}

#[test]
fn errors_serialize_as_code_and_message_for_the_ui() {
    let dir = tempfile::tempdir().unwrap();
    let session = Session::new(dir.path().join("missing.db"), None);

    let error = session.unlock(None).unwrap_err();
    let json = serde_json::to_value(&error).unwrap();

    assert_eq!(json["code"], "store_not_found");
    assert!(json["message"].as_str().is_some_and(|m| !m.is_empty()));
}

#[test]
fn given_a_newer_request_on_a_channel_the_older_one_is_superseded_and_others_are_not() {
    let (_dir, path) = passphrase_store();
    let session = Session::new(path, None);

    session.announce("map", 5);
    session.announce("map", 4);

    assert_eq!(
        session.still_wanted("map", 4).unwrap_err().code(),
        "superseded"
    );
    assert!(session.still_wanted("map", 5).is_ok());
    assert!(session.still_wanted("table", 1).is_ok());
}

#[test]
fn given_an_unlocked_store_view_queries_run_on_its_view_and_wait_for_unlock_before() {
    let (_dir, path) = passphrase_store();
    let session = Session::new(path, None);
    let locked = session.with_view("test", |_, view| Ok(view.len()));
    assert_eq!(locked.unwrap_err().code(), "store_locked");

    session.unlock(Some(PASSPHRASE.into())).unwrap();

    assert_eq!(
        session.with_view("test", |_, view| Ok(view.len())).unwrap(),
        0
    );
}

#[test]
fn given_a_capture_the_view_holds_the_new_incident_and_a_refused_one_changes_nothing() {
    let (_dir, path) = passphrase_store();
    let session = Session::new(path, None);
    session.unlock(Some(PASSPHRASE.into())).unwrap();
    let capture = |category: &str| {
        let new = atalaya::capture::NewIncident {
            category: category.into(),
            occurred_at: "2024-05-31 21:15".into(),
            description: "Robo de celular en paradero".into(),
            address: None,
            point: Some((-70.611, -33.428)),
        };
        session.with_workspace_mut("test", |ws| ws.capture_incident(&new))
    };

    let refused = capture("no.such").unwrap_err();
    let json = serde_json::to_value(&refused).unwrap();
    assert_eq!(json["code"], "invalid_argument");
    assert_eq!(json["details"]["what"], "category");
    assert_eq!(session.with_view("test", |_, v| Ok(v.len())).unwrap(), 0);

    let detail = capture("dmcs.hurto").unwrap();
    assert_eq!(
        detail.source.as_deref(),
        Some(atalaya::capture::FIELD_SOURCE)
    );
    // The write refreshed the view the map and table read: the new incident is in it.
    assert_eq!(session.with_view("test", |_, v| Ok(v.len())).unwrap(), 1);
}

#[test]
fn given_a_correction_the_view_answers_at_the_new_place_and_a_refused_one_changes_nothing() {
    let (_dir, path) = passphrase_store();
    let session = Session::new(path, None);
    session.unlock(Some(PASSPHRASE.into())).unwrap();
    let new = atalaya::capture::NewIncident {
        category: "dmcs.hurto".into(),
        occurred_at: "2024-05-31 21:15".into(),
        description: "Robo de celular en paradero".into(),
        address: None,
        point: Some((-70.611, -33.428)),
    };
    let id = session
        .with_workspace_mut("test", |ws| ws.capture_incident(&new))
        .unwrap()
        .id;
    let near = |lon: f64, lat: f64| {
        let query = atalaya::ViewQuery {
            filter: atalaya::FilterArgs {
                bbox: Some(format!(
                    "{},{},{},{}",
                    lon - 1e-4,
                    lat - 1e-4,
                    lon + 1e-4,
                    lat + 1e-4
                )),
                ..Default::default()
            },
            selection: None,
        };
        session
            .with_view("test", |ws, v| ws.view_count(v, &query))
            .unwrap()
    };
    let correct = |correction: atalaya::incident_edit::IncidentCorrection| {
        session.with_workspace_mut("test", |ws| {
            ws.correct_incident(&id, &correction)?;
            ws.incident_detail(&id)
        })
    };

    // A good new place beside a bad status: nothing is written.
    let refused = correct(atalaya::incident_edit::IncidentCorrection {
        point: Some((-70.615, -33.425)),
        status: Some("cerrado".into()),
        ..Default::default()
    })
    .unwrap_err();
    let json = serde_json::to_value(&refused).unwrap();
    assert_eq!(json["code"], "invalid_argument");
    assert_eq!(json["details"]["what"], "status");
    assert_eq!(near(-70.611, -33.428), 1, "still where it was");

    let moved = correct(atalaya::incident_edit::IncidentCorrection {
        point: Some((-70.615, -33.425)),
        status: Some("verified".into()),
        ..Default::default()
    })
    .unwrap();
    assert_eq!((moved.lon, moved.lat), (Some(-70.615), Some(-33.425)));
    assert_eq!(moved.status, "verified");
    // The write refreshed the view the map and table read: the incident is at its new place.
    assert_eq!(near(-70.611, -33.428), 0);
    assert_eq!(near(-70.615, -33.425), 1);
}
