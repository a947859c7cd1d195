//! Builders and checks shared by the `atalaya` crate's tests: real encrypted stores in temp
//! folders, source files as the real systems write them.
#![allow(dead_code)]

use std::path::Path;

use atalaya::{DemoConfig, ImportSummary, OpenOptions, Workspace};

/// The municipal patrol export's header (`assets/profiles/patrullaje_municipal.toml`).
pub const PATROL_HEADER: &str =
    "N° Procedimiento;Fecha;Hora;Tipo Procedimiento;Dirección;Latitud;Longitud;Móvil;Observaciones";

/// A demo store for the analysis tests: 3 000 incidents over two years from 2023-01-01.
pub fn two_year_demo(dir: &tempfile::TempDir) -> Workspace {
    let opts = OpenOptions::new(dir.path().join("atalaya.db"))
        .with_passphrase(Some("clave de prueba".into()));
    let mut ws = Workspace::create(&opts).unwrap();
    let config = DemoConfig {
        seed: 5,
        incidents: 3_000,
        start: chrono::NaiveDate::from_ymd_opt(2023, 1, 1).unwrap(),
        days: 730,
    };
    ws.load_demo(&config, &mut |_, _| {}).unwrap();
    ws
}

/// A store holding the comuna boundary, cuadrantes and barrios (the demo city, no incidents).
pub fn reference_store(dir: &tempfile::TempDir) -> Workspace {
    let opts = OpenOptions::new(dir.path().join("atalaya.db"))
        .with_passphrase(Some("clave de prueba".into()));
    let mut ws = Workspace::create(&opts).unwrap();
    let config = DemoConfig {
        seed: 1,
        incidents: 0,
        start: chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(),
        days: 1,
    };
    ws.load_demo(&config, &mut |_, _| {}).unwrap();
    ws
}

/// Windows-1252 bytes for Latin-1 text, as the patrol system exports.
pub fn cp1252(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| u8::try_from(u32::from(c)).expect("Latin-1 text"))
        .collect()
}

/// Import `path` with the profile `choice` names; the row invariant must hold.
pub fn import(ws: &mut Workspace, path: &Path, choice: &str) -> ImportSummary {
    let s = ws
        .import(path, &choice.parse().unwrap(), &mut |_, _| {})
        .unwrap();
    assert!(
        s.balanced(),
        "read = accepted + quarantined + duplicate must hold: {s:?}"
    );
    s
}

/// read, accepted, created, updated, quarantined, duplicate.
pub fn counts(s: &ImportSummary) -> [u64; 6] {
    [
        s.read,
        s.accepted,
        s.created,
        s.updated,
        s.quarantined,
        s.duplicate,
    ]
}

/// The one value a query returns.
pub fn sql_one<T: rusqlite::types::FromSql>(ws: &Workspace, sql: &str) -> T {
    ws.store().conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

/// `audit verify` finds nothing wrong.
pub fn assert_audit_ok(ws: &Workspace) {
    let report = ws.verify_audit().unwrap();
    assert!(report.ok(), "{:?}", report.problems);
}
