//! Importing source files into real encrypted stores: standardization with areas, each fault
//! class in quarantine, the row invariant, idempotent re-import, updated exports, crash-resume,
//! quarantine fix/accept, and a foreign open-data file brought in through `profile infer`.

use std::path::{Path, PathBuf};

mod support;

use atalaya::{ImportOptions, ProfileChoice, Workspace};
use support::*;

/// Inside cuadrante C01 of Providencia.
const IN: (&str, &str) = ("-33,4175", "-70,6155");
/// Plaza de Armas, comuna de Santiago.
const OUT: (&str, &str) = ("-33,4378", "-70,6506");

/// One patrol export row.
fn patrol_row(id: &str, date: &str, category: &str, (lat, lon): (&str, &str)) -> String {
    format!("{id};{date};21:15;{category};Av. Providencia 1234;{lat};{lon};M-03;Procedimiento {id}")
}

fn write_patrol(dir: &Path, name: &str, rows: &[String]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(
        &path,
        cp1252(&format!("{PATROL_HEADER}\r\n{}\r\n", rows.join("\r\n"))),
    )
    .unwrap();
    path
}

#[test]
fn given_patrol_export_when_imported_then_incidents_get_areas_and_every_row_has_lineage() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = reference_store(&dir);
    let file = write_patrol(
        dir.path(),
        "parte.csv",
        &[
            patrol_row("PM-1", "01-03-2024", "Robo por sorpresa", IN),
            patrol_row("PM-2", "02-03-2024", "Hurto", IN),
        ],
    );
    let s = import(&mut ws, &file, "auto");
    assert_eq!(
        (s.profile.as_str(), s.profile_auto),
        ("patrullaje_municipal", true)
    );
    assert_eq!(counts(&s), [2, 2, 2, 0, 0, 0]);
    let (cat, cuadrante, day): (String, String, i64) = ws
        .store()
        .conn()
        .query_row(
            "SELECT i.category, i.cuadrante, i.local_day FROM incident i JOIN raw_record r ON r.target_id = i.id
             WHERE r.source_key = 'PM-1'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        (cat.as_str(), cuadrante.as_str()),
        ("dmcs.robo_sorpresa", "C01")
    );
    assert_eq!(
        atalaya_model::time::date_of_day_number(day as i32).to_string(),
        "2024-03-01"
    );
    assert_eq!(
        sql_one::<i64>(
            &ws,
            "SELECT count(*) FROM raw_record WHERE status = 'accepted'"
        ),
        2
    );
    let verbatim: String = sql_one(&ws, "SELECT content FROM raw_record WHERE row_number = 2");
    assert_eq!(
        verbatim,
        patrol_row("PM-1", "01-03-2024", "Robo por sorpresa", IN)
    );
    assert_audit_ok(&ws);
}

/// Import one faulty row (beside a good one) and return its quarantine entry.
fn check_fault(row: String) -> atalaya::QuarantinedRow {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = reference_store(&dir);
    let file = write_patrol(
        dir.path(),
        "parte.csv",
        &[patrol_row("PM-0", "01-03-2024", "Hurto", IN), row],
    );
    let s = import(&mut ws, &file, "patrullaje_municipal");
    assert_eq!(counts(&s), [2, 1, 1, 0, 1, 0]);
    let mut q = ws.quarantine_list(None, 10).unwrap();
    assert_eq!(q.len(), 1);
    assert_eq!((q[0].file.as_str(), q[0].row), ("parte.csv", 3));
    assert_audit_ok(&ws);
    q.remove(0)
}

#[test]
fn given_bad_date_then_quarantined_as_bad_date_with_column_and_value() {
    let q = check_fault(patrol_row("PM-1", "31-02-2024", "Hurto", IN));
    assert_eq!(
        (q.reason.as_str(), q.column.as_deref(), q.value.as_deref()),
        ("bad_date", Some("Fecha + Hora"), Some("31-02-2024 21:15"))
    );
}

#[test]
fn given_no_usable_location_then_quarantined_as_no_location() {
    // Unusable coordinates and no address to place instead.
    let row = patrol_row("PM-1", "01-03-2024", "Hurto", ("-33,4175", "s/i"));
    let q = check_fault(row.replace("Av. Providencia 1234", ""));
    assert_eq!(
        (q.reason.as_str(), q.column.as_deref(), q.value.as_deref()),
        ("no_location", Some("Longitud"), Some("s/i"))
    );
}

#[test]
fn given_unusable_coordinates_and_an_unknown_address_then_quarantined_naming_the_address() {
    let row = patrol_row("PM-1", "01-03-2024", "Hurto", ("-33,4175", "s/i"));
    let q = check_fault(row.replace("Av. Providencia 1234", "Calle Inventada 99"));
    assert_eq!(
        (q.reason.as_str(), q.column.as_deref(), q.value.as_deref()),
        ("no_location", Some("Dirección"), Some("Calle Inventada 99"))
    );
    assert!(q.expected.contains("gazetteer"), "{}", q.expected);
}

#[test]
fn given_unusable_coordinates_and_a_known_address_then_geocoded_with_its_precision() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = reference_store(&dir);
    let file = write_patrol(
        dir.path(),
        "parte.csv",
        &[
            patrol_row("PM-1", "01-03-2024", "Hurto", ("", "")),
            patrol_row("PM-2", "01-03-2024", "Hurto", IN)
                .replace("Av. Providencia 1234", "Providencia con Lyon"),
        ],
    );
    let s = import(&mut ws, &file, "patrullaje_municipal");
    assert_eq!(counts(&s), [2, 2, 2, 0, 0, 0]);
    let precisions: String = sql_one(
        &ws,
        "SELECT group_concat(location_precision, ' ') FROM
           (SELECT location_precision FROM incident ORDER BY location_precision)",
    );
    // The row with coordinates keeps them; the other is placed along Providencia.
    assert_eq!(precisions, "interpolated reported");
    assert_audit_ok(&ws);
}

#[test]
fn given_unknown_category_then_quarantined_as_unknown_category() {
    let q = check_fault(patrol_row("PM-1", "01-03-2024", "Abigeato", IN));
    assert_eq!(
        (q.reason.as_str(), q.column.as_deref(), q.value.as_deref()),
        (
            "unknown_category",
            Some("Tipo Procedimiento"),
            Some("Abigeato")
        )
    );
}

#[test]
fn given_point_outside_the_comuna_then_quarantined_as_outside_comuna() {
    let q = check_fault(patrol_row("PM-1", "01-03-2024", "Hurto", OUT));
    assert_eq!(
        (q.reason.as_str(), q.column.as_deref(), q.value.as_deref()),
        (
            "outside_comuna",
            Some("Longitud + Latitud"),
            Some("-70.650600, -33.437800")
        )
    );
    assert!(q.expected.contains("Providencia"), "{}", q.expected);
}

#[test]
fn given_wrong_column_count_then_quarantined_as_wrong_column_count() {
    let q = check_fault("PM-1;01-03-2024;21:15;Hurto".into());
    assert_eq!(
        (q.reason.as_str(), q.column, q.value.as_deref()),
        ("wrong_column_count", None, Some("4 columns"))
    );
    assert_eq!(q.expected, "9 columns, as in the header");
}

#[test]
fn given_same_file_twice_then_second_import_adds_nothing_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = reference_store(&dir);
    let file = write_patrol(
        dir.path(),
        "parte.csv",
        &[
            patrol_row("PM-1", "01-03-2024", "Hurto", IN),
            patrol_row("PM-2", "01-03-2024", "Abigeato", IN),
        ],
    );
    let first = import(&mut ws, &file, "auto");
    let before: i64 = sql_one(&ws, "SELECT count(*) FROM audit");
    let again = import(&mut ws, &file, "auto");
    assert!(again.already_imported);
    assert_eq!(counts(&again), [0; 6]);
    assert_eq!(again.batch_id, first.batch_id);
    assert!(
        again.notes[0].contains("nothing added"),
        "{:?}",
        again.notes
    );
    assert_eq!(
        sql_one::<i64>(&ws, "SELECT count(*) FROM audit"),
        before,
        "nothing written"
    );
    assert_eq!(sql_one::<i64>(&ws, "SELECT count(*) FROM raw_record"), 2);
}

#[test]
fn given_updated_export_then_changed_rows_update_incidents_and_identical_rows_are_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = reference_store(&dir);
    let v1 = write_patrol(
        dir.path(),
        "parte-v1.csv",
        &[
            patrol_row("PM-1", "01-03-2024", "Hurto", IN),
            patrol_row("PM-2", "01-03-2024", "Hurto", IN),
        ],
    );
    let v2 = write_patrol(
        dir.path(),
        "parte-v2.csv",
        &[
            patrol_row("PM-1", "01-03-2024", "Robo con violencia", IN),
            patrol_row("PM-2", "01-03-2024", "Hurto", IN),
            patrol_row("PM-3", "02-03-2024", "Hurto", IN),
            patrol_row("PM-3", "02-03-2024", "Hurto", IN),
        ],
    );
    assert_eq!(counts(&import(&mut ws, &v1, "auto")), [2, 2, 2, 0, 0, 0]);
    let s = import(&mut ws, &v2, "auto");
    assert_eq!(counts(&s), [4, 2, 1, 1, 0, 2]);
    assert_eq!(
        sql_one::<i64>(
            &ws,
            "SELECT count(*) FROM incident WHERE source_id IS NOT NULL AND category != 'x'"
        ),
        3
    );
    let cat: String = sql_one(
        &ws,
        "SELECT i.category FROM incident i JOIN raw_record r ON r.target_id = i.id WHERE r.source_key = 'PM-1' LIMIT 1",
    );
    assert_eq!(cat, "dmcs.robo_violencia");
    let fields: i64 = sql_one(
        &ws,
        "SELECT fields FROM change WHERE tbl = 8 ORDER BY seq DESC LIMIT 1 OFFSET 1",
    );
    assert_ne!(fields, 0, "the update is a traced change");
    assert_audit_ok(&ws);
}

#[test]
fn given_a_first_export_that_repeats_record_ids_then_repeats_are_duplicates_or_updates() {
    // The first file of a source skips the store lookup for ids it has not met yet: an id met
    // again in the same file must still find the record its first row became.
    let dir = tempfile::tempdir().unwrap();
    let mut ws = reference_store(&dir);
    let file = write_patrol(
        dir.path(),
        "parte.csv",
        &[
            patrol_row("PM-1", "01-03-2024", "Hurto", IN),
            patrol_row("PM-2", "01-03-2024", "Hurto", IN),
            patrol_row("PM-1", "01-03-2024", "Hurto", IN),
            patrol_row("PM-2", "01-03-2024", "Robo con violencia", IN),
            patrol_row("PM-3", "02-03-2024", "Hurto", IN),
        ],
    );
    assert_eq!(counts(&import(&mut ws, &file, "auto")), [5, 4, 3, 1, 0, 1]);
    assert_eq!(
        sql_one::<i64>(
            &ws,
            "SELECT count(*) FROM incident WHERE source_id IS NOT NULL"
        ),
        3
    );
    let cat: String = sql_one(
        &ws,
        "SELECT i.category FROM incident i JOIN raw_record r ON r.target_id = i.id WHERE r.source_key = 'PM-2' LIMIT 1",
    );
    assert_eq!(cat, "dmcs.robo_violencia");
    assert_audit_ok(&ws);
}

#[test]
fn given_import_stopped_between_chunks_when_rerun_then_it_finishes_with_the_rows_of_a_clean_run() {
    let rows: Vec<String> = (1..=11)
        .map(|n| {
            let cat = if n % 4 == 0 { "Abigeato" } else { "Hurto" };
            patrol_row(&format!("PM-{n}"), &format!("{:02}-03-2024", n), cat, IN)
        })
        .collect();
    let clean_dir = tempfile::tempdir().unwrap();
    let mut clean = reference_store(&clean_dir);
    let file = write_patrol(clean_dir.path(), "parte.csv", &rows);
    let small = ImportOptions {
        chunk_rows: 3,
        stop_after_chunks: None,
    };
    let reference = clean
        .import_with(&file, &ProfileChoice::Auto, &small, &mut |_, _| {})
        .unwrap();
    assert_eq!(
        (reference.chunks, counts(&reference)),
        (4, [11, 9, 9, 0, 2, 0])
    );

    let dir = tempfile::tempdir().unwrap();
    let mut ws = reference_store(&dir);
    let crash = ImportOptions {
        chunk_rows: 3,
        stop_after_chunks: Some(2),
    };
    let stopped = ws.import_with(&file, &ProfileChoice::Auto, &crash, &mut |_, _| {});
    assert!(matches!(stopped, Err(atalaya::Error::Cancelled)));
    assert_eq!(
        sql_one::<i64>(&ws, "SELECT count(*) FROM raw_record"),
        6,
        "two whole chunks, nothing of the third"
    );
    assert_audit_ok(&ws);
    let resumed = ws
        .import_with(&file, &ProfileChoice::Auto, &small, &mut |_, _| {})
        .unwrap();
    assert_eq!(resumed.resumed_after_row, Some(7));
    assert_eq!(counts(&resumed), counts(&reference));
    assert!(resumed.balanced());
    let keys = |w: &Workspace| -> Vec<(i64, String, String)> {
        let mut stmt = w
            .store()
            .conn()
            .prepare("SELECT row_number, status, source_key FROM raw_record ORDER BY row_number")
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    assert_eq!(keys(&ws), keys(&clean));
    assert_eq!(
        sql_one::<i64>(&ws, "SELECT count(*) FROM incident"),
        sql_one::<i64>(&clean, "SELECT count(*) FROM incident")
    );
    assert!(import(&mut ws, &file, "auto").already_imported);
    assert_audit_ok(&ws);
}

#[test]
fn given_quarantined_rows_when_fixed_or_accepted_then_they_become_incidents_and_counts_stay_exact()
{
    let dir = tempfile::tempdir().unwrap();
    let mut ws = reference_store(&dir);
    let file = write_patrol(
        dir.path(),
        "parte.csv",
        &[
            patrol_row("PM-1", "31-02-2024", "Hurto", IN),
            patrol_row("PM-2", "01-03-2024", "Abigeato", IN),
        ],
    );
    let s = import(&mut ws, &file, "auto");
    assert_eq!(counts(&s), [2, 0, 0, 0, 2, 0]);
    let q = ws.quarantine_list(None, 10).unwrap();
    let (bad_date, unknown) = (&q[0].id, &q[1].id);

    let still = ws
        .quarantine_fix(bad_date, &[("Fecha".into(), "29-02-2025".into())])
        .unwrap();
    assert_eq!(still.status, "quarantined");
    assert!(
        still.reason.as_deref().unwrap().contains("bad_date"),
        "{still:?}"
    );
    let refused = ws.quarantine_accept(bad_date).unwrap_err();
    assert_eq!(refused.code(), "cannot_accept");
    let fixed = ws
        .quarantine_fix(bad_date, &[("date".into(), "28-02-2024".into())])
        .unwrap();
    assert_eq!(fixed.status, "accepted");
    let accepted = ws.quarantine_accept(unknown).unwrap();
    assert_eq!(accepted.status, "accepted");
    let cat: String = sql_one(
        &ws,
        "SELECT i.category FROM incident i JOIN raw_record r ON r.target_id = i.id WHERE r.source_key = 'PM-2'",
    );
    assert_eq!(cat, "otr.otros");
    assert!(ws.quarantine_list(None, 10).unwrap().is_empty());
    let (read, acc, quar, dup): (i64, i64, i64, i64) = ws
        .store()
        .conn()
        .query_row("SELECT rows_read, rows_accepted, rows_quarantined, rows_duplicate FROM import_batch WHERE origin = 'parte.csv'", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .unwrap();
    assert_eq!((read, acc, quar, dup), (2, 2, 0, 0));
    let edits: String = sql_one(
        &ws,
        "SELECT edits FROM raw_record WHERE source_key = 'PM-1'",
    );
    assert_eq!(edits, r#"{"Fecha":"28-02-2024"}"#);
    assert_audit_ok(&ws);
}

#[test]
fn given_each_shipped_source_shape_when_auto_imported_then_the_right_profile_is_picked() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = reference_store(&dir);
    let d = dir.path().join("fuentes");
    std::fs::create_dir(&d).unwrap();
    std::fs::write(
        d.join("a_camaras.csv"),
        "\u{feff}id_evento,fecha_hora,camara,tipo_evento,descripcion,este,norte\n\
         EV-1,2024-04-06 23:30:00,CAM-014,ROBO_SORPRESA,Arrebato,349793.6,6301261.0\n",
    )
    .unwrap();
    std::fs::write(
        d.join("b_fiscalia.tsv"),
        "RUC\tFECHA_HECHO\tHORA_HECHO\tDELITO\tDIRECCION\tCOORD_X\tCOORD_Y\n\
         2400123456-7\t45352\t21:15\tHURTO SIMPLE\tAV PROVIDENCIA 1234\t349794\t6301261\n",
    )
    .unwrap();
    std::fs::write(
        d.join("c_denuncias.csv"),
        "folio,fecha,hora,canal,motivo,relato,direccion,lat,lon\n\
         DC-1,2024-09-08,00:30,app,Ruidos,\"Fiesta, música fuerte\",Lyon 100,-33.4175,-70.6155\n",
    )
    .unwrap();
    let all = ws
        .import_paths(&[d], &ProfileChoice::Auto, &mut |_, _| {})
        .unwrap();
    let picked: Vec<(&str, u64)> = all
        .iter()
        .map(|s| (s.profile.as_str(), s.accepted))
        .collect();
    assert_eq!(
        picked,
        [
            ("camaras_eventos", 1),
            ("fiscalia_causas", 1),
            ("denuncias_ciudadanas", 1)
        ]
    );
    let times: Vec<i64> = {
        let mut stmt = ws
            .store()
            .conn()
            .prepare("SELECT occurred_from FROM incident ORDER BY occurred_from")
            .unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    let utc = |s: &str| {
        chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M")
            .unwrap()
            .and_utc()
            .timestamp()
    };
    // Excel 45352 21:15 (-03), DST fold 23:30 → earlier (-03), DST gap 00:30 → 01:30 (-03).
    assert_eq!(
        times,
        [
            utc("2024-03-02 00:15"),
            utc("2024-04-07 02:30"),
            utc("2024-09-08 04:30")
        ]
    );
    assert_audit_ok(&ws);
}

#[test]
fn given_foreign_open_data_csv_when_profile_inferred_and_edited_then_it_imports_balanced() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = reference_store(&dir);
    let file = dir.path().join("open_data_incidents.csv");
    let mut text = String::from(
        "Incident ID,Date Occurred,Primary Type,Description,Block,Latitude,Longitude\n",
    );
    let kinds = [
        "THEFT",
        "ROBBERY",
        "CRIMINAL DAMAGE",
        "NARCOTICS",
        "DECEPTIVE PRACTICE",
    ];
    for n in 0..20 {
        let kind = kinds[n % kinds.len()];
        let lat = -33.4175 + (n as f64) * 1e-5;
        text.push_str(&format!("{},03/{:02}/2024 09:30:00 PM,{kind},\"Report {n}, street\",0{n}XX PROVIDENCIA,{lat:.5},-70.61550\n", 9000 + n, n + 1));
    }
    std::fs::write(&file, &text).unwrap();
    let draft = atalaya::profile_infer(&file).unwrap();
    for expected in [
        "record_id = \"Incident ID\"",
        "date = \"Date Occurred\"",
        "formats = [\"%m/%d/%Y %I:%M:%S %p\"",
        "crs = \"EPSG:4326\"",
        "x = \"Longitude\"",
        "y = \"Latitude\"",
        "column = \"Primary Type\"",
        "\"ROBBERY\" = \"dmcs.robo_violencia\"",
        "# \"DECEPTIVE PRACTICE\" = \"\"",
    ] {
        assert!(draft.contains(expected), "draft lacks {expected}:\n{draft}");
    }
    // The analyst's hand edit: name the source kind and map the one category left as TODO.
    let edited = draft
        .replace("kind = \"registry\"", "kind = \"citizen\"")
        .replace(
            "# \"DECEPTIVE PRACTICE\" = \"\"",
            "\"DECEPTIVE PRACTICE\" = \"otr.otros\" #",
        );
    let profile = dir.path().join("open_data.toml");
    std::fs::write(&profile, edited).unwrap();
    let check = atalaya::profile_check(&file, &ProfileChoice::File(profile.clone()), 5).unwrap();
    assert_eq!((check.ok, check.rejected), (5, 0));
    let s = import(&mut ws, &file, profile.to_str().unwrap());
    assert_eq!(counts(&s), [20, 20, 20, 0, 0, 0]);
    assert_audit_ok(&ws);
}
