//! What the desktop's import wizard and quarantine review call, on real encrypted stores: the
//! preview (profile, standardized rows, every problem, an earlier import), the errors a person
//! must be told about (an empty file, a file no profile reads), progress and cancellation of an
//! import (the store stays consistent and the next run resumes), and the paged quarantine.

use std::path::{Path, PathBuf};

mod support;

use atalaya::{CancelToken, ImportOptions, ImportProgress, ProfileChoice, Workspace};
use support::*;

/// Inside cuadrante C01 of Providencia.
const IN: (&str, &str) = ("-33,4175", "-70,6155");
/// Plaza de Armas, comuna de Santiago.
const OUT: (&str, &str) = ("-33,4378", "-70,6506");

fn patrol_row(id: &str, date: &str, category: &str, (lat, lon): (&str, &str)) -> String {
    format!("{id};{date};21:15;{category};Av. Providencia 1234;{lat};{lon};M-03;Nota {id}")
}

fn write_patrol(dir: &Path, name: &str, rows: &[String]) -> PathBuf {
    let path = dir.join(name);
    let text = format!("{PATROL_HEADER}\r\n{}\r\n", rows.join("\r\n"));
    std::fs::write(&path, cp1252(&text)).unwrap();
    path
}

/// `n` clean rows `PM-0`… on consecutive days.
fn clean_rows(n: usize) -> Vec<String> {
    (0..n)
        .map(|i| {
            let date = format!("{:02}-{:02}-2024", 1 + i % 28, 1 + (i / 28) % 12);
            patrol_row(&format!("PM-{i}"), &date, "Hurto", IN)
        })
        .collect()
}

fn preview(ws: &Workspace, file: &Path) -> atalaya::ImportPreview {
    ws.import_preview(file, &ProfileChoice::Auto, 20, 1000)
        .unwrap()
}

#[test]
fn given_a_patrol_export_the_preview_names_the_profile_shows_rows_and_lists_every_problem() {
    let dir = tempfile::tempdir().unwrap();
    let ws = reference_store(&dir);
    let seq_before = ws.store().last_audit_seq().unwrap();
    let file = write_patrol(
        dir.path(),
        "parte.csv",
        &[
            patrol_row("PM-1", "01-03-2024", "Robo por sorpresa", IN),
            patrol_row("PM-2", "31-02-2024", "Hurto", IN),
            patrol_row("PM-3", "02-03-2024", "Hurto", OUT),
        ],
    );

    let p = preview(&ws, &file);

    assert_eq!(
        (p.profile.as_str(), p.profile_auto, p.format.as_str()),
        ("patrullaje_municipal", true, "csv")
    );
    assert_eq!(p.record, "incident");
    assert_eq!(p.header.len(), 9);
    assert_eq!((p.scanned, p.ok, p.rejected, p.more), (3, 1, 2, false));
    let statuses: Vec<_> = p.rows.iter().map(|r| (r.row, r.status.as_str())).collect();
    assert_eq!(
        statuses,
        [(2, "ok"), (3, "bad_date"), (4, "outside_comuna")]
    );
    let values: Vec<_> = p.rows[0]
        .values
        .iter()
        .map(|v| (v.field, v.value.as_str()))
        .collect();
    assert_eq!(
        values,
        [
            ("occurred_from", "2024-03-01T21:15:00-03:00"),
            ("category", "dmcs.robo_sorpresa"),
            ("original_category", "Robo por sorpresa"),
            ("location", "-70.615500, -33.417500"),
            ("address", "Av. Providencia 1234"),
            ("description", "Nota PM-1"),
            ("cuadrante", "C01"),
            ("barrio", "B01"),
        ]
    );
    let bad_date = &p.problems[0];
    assert_eq!(
        (
            bad_date.row,
            bad_date.reason.as_str(),
            bad_date.column.as_deref()
        ),
        (3, "bad_date", Some("Fecha + Hora"))
    );
    assert_eq!(bad_date.value.as_deref(), Some("31-02-2024 21:15"));
    assert!(!bad_date.expected.is_empty());
    assert_eq!(p.problems[1].reason, "outside_comuna");
    assert_eq!(p.by_reason.len(), 2);
    assert_eq!(p.previous, None);
    assert_eq!(
        ws.store().last_audit_seq().unwrap(),
        seq_before,
        "a preview writes nothing"
    );
}

#[test]
fn given_a_file_already_imported_the_preview_says_when_and_how_many_rows() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = reference_store(&dir);
    let file = write_patrol(dir.path(), "parte.csv", &clean_rows(3));
    let summary = import(&mut ws, &file, "auto");

    let previous = preview(&ws, &file).previous.expect("an earlier import");

    assert_eq!(previous.batch_id, summary.batch_id);
    assert_eq!((previous.rows_read, previous.complete), (3, true));
}

#[test]
fn given_an_empty_file_preview_and_import_say_it_is_empty_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = reference_store(&dir);
    let seq_before = ws.store().last_audit_seq().unwrap();
    for (name, bytes) in [
        ("vacio.csv", &b""[..]),
        ("blancos.csv", &b"\xEF\xBB\xBF\r\n \n"[..]),
    ] {
        let file = dir.path().join(name);
        std::fs::write(&file, bytes).unwrap();

        let previewed = ws.import_preview(&file, &ProfileChoice::Auto, 20, 1000);
        let imported = ws.import(&file, &ProfileChoice::Auto, &mut |_, _| {});

        assert_eq!(previewed.unwrap_err().code(), "empty_file", "{name}");
        assert_eq!(imported.unwrap_err().code(), "empty_file", "{name}");
    }
    assert_eq!(ws.store().last_audit_seq().unwrap(), seq_before);
}

#[test]
fn given_a_file_no_profile_reads_the_error_names_the_columns_found() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = reference_store(&dir);
    let seq_before = ws.store().last_audit_seq().unwrap();
    let file = dir.path().join("otra.csv");
    std::fs::write(
        &file,
        "folio,fecha_hecho,comuna\n1,2024-03-01,Providencia\n",
    )
    .unwrap();

    let previewed = ws
        .import_preview(&file, &ProfileChoice::Auto, 20, 1000)
        .unwrap_err();
    let imported = ws
        .import(&file, &ProfileChoice::Auto, &mut |_, _| {})
        .unwrap_err();

    assert_eq!(previewed.code(), "profile_mismatch");
    assert_eq!(imported.code(), "profile_mismatch");
    let header = previewed
        .details()
        .into_iter()
        .find(|(k, _)| *k == "header")
        .map(|(_, v)| v);
    assert_eq!(header.as_deref(), Some("folio, fecha_hecho, comuna"));
    assert_eq!(ws.store().last_audit_seq().unwrap(), seq_before);
}

#[test]
fn given_a_chosen_profile_missing_a_column_the_error_names_it_and_the_header() {
    let dir = tempfile::tempdir().unwrap();
    let ws = reference_store(&dir);
    let file = dir.path().join("otra.csv");
    std::fs::write(&file, "folio;fecha\n1;2024-03-01\n").unwrap();

    let error = ws
        .import_preview(
            &file,
            &ProfileChoice::Named("patrullaje_municipal".into()),
            20,
            1000,
        )
        .unwrap_err();

    assert_eq!(error.code(), "profile_mismatch");
    let details = error.details();
    assert!(details.iter().any(|(k, _)| *k == "column"), "{details:?}");
    assert!(
        details.contains(&("header", "folio, fecha".to_string())),
        "{details:?}"
    );
}

#[test]
fn given_an_import_watched_then_progress_rises_to_the_whole_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = reference_store(&dir);
    let file = write_patrol(dir.path(), "parte.csv", &clean_rows(2500));
    let mut reports: Vec<ImportProgress> = Vec::new();

    let summary = ws
        .import_watched(
            &file,
            &ProfileChoice::Auto,
            &ImportOptions::default(),
            &CancelToken::new(),
            &mut |p| reports.push(p.clone()),
        )
        .unwrap();

    assert_eq!(summary.read, 2500);
    let read: Vec<u64> = reports.iter().map(|p| p.rows_read).collect();
    assert_eq!(read, [0, 1000, 2000, 2500]);
    let last = reports.last().unwrap();
    assert!(last.done);
    assert_eq!((last.rows_saved, last.total_lines), (2500, Some(2501)));
    assert_eq!(last.fraction(), Some(1.0));
    assert_eq!(reports[1].rows_saved, 0, "nothing committed mid-chunk");
}

#[test]
fn given_an_import_cancelled_mid_chunk_then_committed_chunks_stay_and_the_rerun_finishes_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = reference_store(&dir);
    let mut rows = clean_rows(5000);
    rows[4321] = patrol_row("PM-4321", "31-02-2024", "Hurto", IN);
    let file = write_patrol(dir.path(), "parte.csv", &rows);
    let options = ImportOptions {
        chunk_rows: 2000,
        ..ImportOptions::default()
    };
    let cancel = CancelToken::new();

    let stopped = ws.import_watched(&file, &ProfileChoice::Auto, &options, &cancel, &mut |p| {
        if p.chunks == 1 {
            cancel.cancel();
        }
    });

    assert_eq!(stopped.unwrap_err().code(), "cancelled");
    assert_eq!(
        sql_one::<i64>(&ws, "SELECT count(*) FROM raw_record"),
        2000,
        "the first chunk only"
    );
    assert_eq!(sql_one::<i64>(&ws, "SELECT count(*) FROM incident"), 2000);
    assert_eq!(
        sql_one::<i64>(&ws, "SELECT complete FROM import_run"),
        0,
        "the run says the file is not all in"
    );
    assert_audit_ok(&ws);
    let previous = preview(&ws, &file).previous.unwrap();
    assert_eq!((previous.complete, previous.last_row), (false, 2001));

    let resumed = ws
        .import_watched(
            &file,
            &ProfileChoice::Auto,
            &options,
            &CancelToken::new(),
            &mut |_| {},
        )
        .unwrap();

    assert_eq!(resumed.resumed_after_row, Some(2001));
    assert_eq!(counts(&resumed), [5000, 4999, 4999, 0, 1, 0]);
    assert!(resumed.balanced());
    assert_audit_ok(&ws);
}

#[test]
fn given_a_cancel_before_the_first_commit_then_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = reference_store(&dir);
    let seq_before = ws.store().last_audit_seq().unwrap();
    let file = write_patrol(dir.path(), "parte.csv", &clean_rows(1500));
    let cancel = CancelToken::new();
    cancel.cancel();

    let stopped = ws.import_watched(
        &file,
        &ProfileChoice::Auto,
        &ImportOptions::default(),
        &cancel,
        &mut |_| {},
    );

    assert_eq!(stopped.unwrap_err().code(), "cancelled");
    assert_eq!(ws.store().last_audit_seq().unwrap(), seq_before);
    assert_eq!(sql_one::<i64>(&ws, "SELECT count(*) FROM import_batch"), 0);
}

#[test]
fn given_quarantined_rows_in_two_files_the_review_pages_filters_by_batch_and_shows_fields() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = reference_store(&dir);
    let first = write_patrol(
        dir.path(),
        "enero.csv",
        &[
            patrol_row("PM-1", "31-02-2024", "Hurto", IN),
            patrol_row("PM-2", "01-03-2024", "Abigeato", IN),
            patrol_row("PM-3", "01-03-2024", "Hurto", IN),
        ],
    );
    let second = write_patrol(
        dir.path(),
        "febrero.csv",
        &[patrol_row("PM-4", "02-03-2024", "Hurto", OUT)],
    );
    let a = import(&mut ws, &first, "auto");
    import(&mut ws, &second, "auto");

    let all = ws.quarantine_page(None, 0, 100).unwrap();
    let page = ws.quarantine_page(None, 1, 1).unwrap();
    let of_first = ws.quarantine_page(Some(&a.batch_id), 0, 100).unwrap();
    let batches = ws.quarantine_batches().unwrap();

    assert_eq!(all.total, 3);
    let rows: Vec<_> = all
        .rows
        .iter()
        .map(|r| (r.row.file.as_str(), r.row.row, r.row.reason.as_str()))
        .collect();
    assert_eq!(
        rows,
        [
            ("enero.csv", 2, "bad_date"),
            ("enero.csv", 3, "unknown_category"),
            ("febrero.csv", 2, "outside_comuna"),
        ]
    );
    assert_eq!((page.total, page.offset, page.rows.len()), (3, 1, 1));
    assert_eq!(page.rows[0].row.reason, "unknown_category");
    assert_eq!(of_first.total, 2);
    assert!(of_first.rows.iter().all(|r| r.batch_id == a.batch_id));
    let fecha = &all.rows[0].fields[1];
    assert_eq!(
        (fecha.column.as_str(), fecha.value.as_str(), fecha.edited),
        ("Fecha", "31-02-2024", false)
    );
    let files: Vec<_> = batches
        .iter()
        .map(|b| (b.file.as_str(), b.quarantined))
        .collect();
    assert_eq!(files.len(), 2);
    assert!(files.contains(&("enero.csv", 2)) && files.contains(&("febrero.csv", 1)));

    // A fix that does not pass keeps the row, with the edit shown; one that passes removes it.
    let id = all.rows[0].row.id.clone();
    ws.quarantine_fix(&id, &[("Fecha".into(), "30-02-2024".into())])
        .unwrap();
    let after_edit = ws.quarantine_page(None, 0, 100).unwrap();
    let fecha = &after_edit.rows[0].fields[1];
    assert_eq!((fecha.value.as_str(), fecha.edited), ("30-02-2024", true));
    let fixed = ws
        .quarantine_fix(&id, &[("Fecha".into(), "29-02-2024".into())])
        .unwrap();
    assert_eq!(fixed.status, "accepted");
    assert_eq!(ws.quarantine_page(None, 0, 100).unwrap().total, 2);
    assert_audit_ok(&ws);
}
