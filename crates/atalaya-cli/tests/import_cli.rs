//! `atalaya import`, `profile` and `quarantine` run as a user would, with exit codes.

mod support;

use support::*;

fn patrol_file(dir: &std::path::Path) -> std::path::PathBuf {
    let text = "N° Procedimiento;Fecha;Hora;Tipo Procedimiento;Dirección;Latitud;Longitud;Móvil;Observaciones\r\n\
                PM-1;01-03-2024;21:15;Hurto;Av. Providencia 1234;-33,4175;-70,6155;M-03;Celular\r\n\
                PM-2;01-03-2024;21:15;Abigeato;Av. Providencia 1234;-33,4175;-70,6155;M-03;Vacas\r\n";
    let bytes: Vec<u8> = text
        .chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap())
        .collect();
    let path = dir.join("parte.csv");
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn given_patrol_export_when_imported_then_summary_quarantine_and_fix_work_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    ok(atalaya(&db, &["demo", "--incidents", "0"]));
    let file = patrol_file(dir.path());
    let f = file.to_str().unwrap();
    let r = ok(atalaya(&db, &["import", f]));
    assert!(
        r.stdout
            .contains("profile `patrullaje_municipal` picked from its header"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("1 quarantined for unknown_category"),
        "{}",
        r.stdout
    );
    let again = ok(atalaya(&db, &["import", f, "--format", "json"]));
    let v: serde_json::Value = serde_json::from_str(&again.stdout).unwrap();
    assert_eq!(v[0]["already_imported"], true);

    let list = ok(atalaya(&db, &["quarantine", "list", "--format", "json"]));
    let v: serde_json::Value = serde_json::from_str(&list.stdout).unwrap();
    assert_eq!(v[0]["reason"], "unknown_category");
    let id = v[0]["id"].as_str().unwrap().to_string();
    let fixed = ok(atalaya(
        &db,
        &["quarantine", "fix", &id, "--set", "category=Hurto"],
    ));
    assert!(
        fixed.stdout.contains("accepted → incident"),
        "{}",
        fixed.stdout
    );
    let again = atalaya(&db, &["quarantine", "accept", &id]);
    assert_eq!(again.code, 2, "no longer quarantined: {}", again.stderr);
    ok(atalaya(&db, &["audit", "verify"]));
}

#[test]
fn given_profile_commands_then_list_infer_and_check_answer() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("unused.db");
    let list = ok(atalaya(&db, &["profile", "list"]));
    for name in [
        "patrullaje_municipal",
        "camaras_eventos",
        "fiscalia_causas",
        "denuncias_ciudadanas",
    ] {
        assert!(list.stdout.contains(name), "{}", list.stdout);
    }
    let file = patrol_file(dir.path());
    let f = file.to_str().unwrap();
    let draft = ok(atalaya(&db, &["profile", "infer", f]));
    assert!(
        draft.stdout.contains("encoding = \"windows-1252\"")
            && draft.stdout.contains("delimiter = \";\""),
        "{}",
        draft.stdout
    );
    assert!(
        draft.stdout.contains("decimal_comma = true"),
        "{}",
        draft.stdout
    );
    let check = atalaya(
        &db,
        &["profile", "check", f, "--profile", "patrullaje_municipal"],
    );
    assert_eq!(check.code, 1, "one row has a problem");
    assert!(
        check.stdout.contains("unknown_category") && check.stdout.contains("1 ok, 1 with problems"),
        "{}",
        check.stdout
    );
}

#[test]
fn given_usage_errors_then_exit_2_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    ok(atalaya(&db, &["init"]));
    let file = patrol_file(dir.path());
    let r = atalaya(
        &db,
        &["import", file.to_str().unwrap(), "--profile", "no_existe"],
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("no profile named `no_existe`; built-in profiles: patrullaje_municipal"),
        "{}",
        r.stderr
    );
    let r = atalaya(&db, &["quarantine", "fix", "x", "--set", "sin-igual"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("is not FIELD=VALUE"), "{}", r.stderr);
    let r = atalaya(&db, &["quarantine", "accept", "no-es-un-id"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("invalid raw record id"), "{}", r.stderr);
}
