//! The shell's side of the import wizard on a real encrypted store: a write through the session
//! leaves the main screen's view current (it shows the new rows at once), and an error that a
//! person must be told about carries its facts to the UI.

use atalaya::{OpenOptions, ProfileChoice, Workspace};
use atalaya_desktop::Session;

const PASSPHRASE: &str = "cerro santa lucía";
const PATROL: &str = "N° Procedimiento;Fecha;Hora;Tipo Procedimiento;Dirección;Latitud;Longitud;Móvil;Observaciones\r\n\
    PM-1;01-03-2024;21:15;Hurto;Av. Providencia 1234;-33,4175;-70,6155;M-03;Nota\r\n\
    PM-2;02-03-2024;21:15;Hurto;Av. Providencia 1234;-33,4175;-70,6155;M-03;Nota\r\n";

fn unlocked_session(dir: &tempfile::TempDir) -> Session {
    let path = dir.path().join("store.db");
    let options = OpenOptions::new(&path).with_passphrase(Some(PASSPHRASE.into()));
    drop(Workspace::create(&options).expect("create store"));
    let session = Session::new(path, Some(PASSPHRASE.into()));
    session.unlock(None).expect("unlock");
    session
}

#[test]
fn given_an_import_through_the_session_the_view_counts_its_rows_right_away() {
    let dir = tempfile::tempdir().unwrap();
    let session = unlocked_session(&dir);
    let file = dir.path().join("parte.csv");
    // The patrol system writes Windows-1252.
    let cp1252: Vec<u8> = PATROL
        .chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap())
        .collect();
    std::fs::write(&file, cp1252).unwrap();
    assert_eq!(session.with_view("test", |_, v| Ok(v.len())).unwrap(), 0);

    let summary = session
        .with_workspace_mut("import", |ws| {
            ws.import(&file, &ProfileChoice::Auto, &mut |_, _| {})
        })
        .unwrap();

    assert_eq!(summary.created, 2);
    let current = session
        .with_view("test", |ws, view| {
            Ok((ws.view_is_current(view)?, view.len()))
        })
        .unwrap();
    assert_eq!(
        current,
        (true, 2),
        "rebuilt by the write, not by the next query"
    );
}

#[test]
fn given_a_file_no_profile_reads_the_error_carries_the_columns_found() {
    let dir = tempfile::tempdir().unwrap();
    let session = unlocked_session(&dir);
    let file = dir.path().join("otra.csv");
    std::fs::write(&file, "folio,fecha\n1,2024-03-01\n").unwrap();

    let error = session
        .with_workspace(|ws| ws.import_preview(&file, &ProfileChoice::Auto, 10, 100))
        .unwrap_err();

    let json = serde_json::to_value(&error).unwrap();
    assert_eq!(json["code"], "profile_mismatch");
    assert_eq!(json["details"]["header"], "folio, fecha");
    assert_eq!(json["details"]["file"], file.display().to_string());
}

#[test]
fn given_an_error_without_facts_no_details_are_sent() {
    let dir = tempfile::tempdir().unwrap();
    let session = Session::new(dir.path().join("missing.db"), None);

    let json = serde_json::to_value(session.unlock(None).unwrap_err()).unwrap();

    assert_eq!(json.get("details"), None);
}
