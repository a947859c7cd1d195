//! Every write is traced: one change entry per changed record naming exactly its changed fields
//! with their HLC, and exactly one audit entry per write transaction.

mod support;

use atalaya_store::codec;
use atalaya_store::schema::INCIDENT;
use rusqlite::types::Value;
use support::*;

struct ChangeRow {
    tx: i64,
    fields: Vec<&'static str>,
    hlc: i64,
}

fn changes(store: &atalaya_store::Store) -> Vec<ChangeRow> {
    store
        .conn()
        .prepare("SELECT tx, fields, hlc FROM change ORDER BY seq")
        .unwrap()
        .query_map([], |r| {
            Ok(ChangeRow {
                tx: r.get(0)?,
                fields: INCIDENT.field_names(r.get(1)?),
                hlc: r.get(2)?,
            })
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn given_bulk_batch_then_one_change_per_record_and_one_audit_entry() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = new_store(&db_path(&dir));
    insert_incidents(&mut store, 0..1000);
    let ch = changes(&store);
    assert_eq!(ch.len(), 1000);
    assert!(ch.iter().all(|c| c.fields == INCIDENT.columns && c.tx == 1));
    assert_eq!(store.table_count("audit").unwrap(), 1);
    let (changes_n, detail): (i64, String) = store
        .conn()
        .query_row("SELECT changes, detail FROM audit", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!(changes_n, 1000);
    assert_eq!(detail, r#"{"incidents":1000}"#);
}

#[test]
fn given_update_of_one_field_then_change_names_exactly_that_field_with_a_later_hlc() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = new_store(&db_path(&dir));
    insert_incidents(&mut store, 0..3);
    let key = codec::key(incident(1).id.as_bytes());
    let mut tx = store.write("analista", "incident.edit").unwrap();
    let changed = tx
        .update(
            &INCIDENT,
            &key,
            &[
                ("category", Value::Text("dmcs.robo_violencia".into())),
                ("description", Value::Text(incident(1).description)), // unchanged value: not traced
            ],
        )
        .unwrap();
    assert!(changed);
    tx.commit(serde_json::json!({})).unwrap();
    let ch = changes(&store);
    assert_eq!(ch.len(), 4);
    let last = ch.last().unwrap();
    assert_eq!(last.fields, ["category"]);
    assert_eq!(last.tx, 2);
    assert!(last.hlc > ch[0].hlc);
    assert_eq!(store.table_count("audit").unwrap(), 2);
    assert!(store.verify_audit().unwrap().ok());
}

#[test]
fn given_update_that_changes_nothing_then_no_change_entry() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = new_store(&db_path(&dir));
    insert_incidents(&mut store, 0..1);
    let key = codec::key(incident(0).id.as_bytes());
    let mut tx = store.write("analista", "incident.edit").unwrap();
    assert!(
        !tx.update(
            &INCIDENT,
            &key,
            &[("category", Value::Text("dmcs.hurto".into()))]
        )
        .unwrap()
    );
    assert_eq!(tx.change_count(), 0);
}

#[test]
fn given_uncommitted_transaction_then_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = new_store(&db_path(&dir));
    {
        let mut tx = store.write("analista", "test").unwrap();
        tx.insert(&INCIDENT, &codec::incident(&incident(0)))
            .unwrap();
    }
    assert_eq!(store.table_count("incident").unwrap(), 0);
    assert_eq!(store.table_count("change").unwrap(), 0);
    assert_eq!(store.table_count("audit").unwrap(), 0);
}

#[test]
fn given_delete_then_change_with_no_fields_and_search_index_follows() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = new_store(&db_path(&dir));
    insert_incidents(&mut store, 0..2);
    let text = atalaya_store::IncidentFilter {
        text: Some("número 1".into()),
        ..Default::default()
    };
    assert_eq!(store.count_incidents(&text).unwrap(), 1);
    let mut tx = store.write("analista", "incident.delete").unwrap();
    assert!(
        tx.delete(&INCIDENT, &codec::key(incident(1).id.as_bytes()))
            .unwrap()
    );
    tx.commit(serde_json::json!({})).unwrap();
    assert_eq!(store.count_incidents(&text).unwrap(), 0);
    assert_eq!(changes(&store).last().unwrap().fields, Vec::<&str>::new());
    assert!(store.verify_audit().unwrap().ok());
}

#[test]
fn given_indexed_rows_when_updated_or_added_then_text_search_sees_current_text_only() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = new_store(&db_path(&dir));
    insert_incidents(&mut store, 0..3);
    let text = |t: &str| atalaya_store::IncidentFilter {
        text: Some(t.into()),
        ..Default::default()
    };
    assert_eq!(
        store.count_incidents(&text("celular")).unwrap(),
        3,
        "first text query indexes the rows"
    );
    let mut tx = store.write("analista", "incident.edit").unwrap();
    let key = codec::key(incident(2).id.as_bytes());
    tx.update(
        &INCIDENT,
        &key,
        &[("description", Value::Text("Robo de bicicleta".into()))],
    )
    .unwrap();
    tx.commit(serde_json::json!({})).unwrap();
    assert_eq!(store.count_incidents(&text("celular")).unwrap(), 2);
    assert_eq!(store.count_incidents(&text("bicicleta")).unwrap(), 1);
    insert_incidents(&mut store, 3..5);
    assert_eq!(
        store.count_incidents(&text("celular")).unwrap(),
        4,
        "rows added later are caught up"
    );
    assert_eq!(
        store.ensure_search_index().unwrap(),
        0,
        "nothing left to index"
    );
}

#[test]
fn given_incidents_when_building_the_cube_then_cells_group_by_cuadrante_category_and_local_monday()
{
    let dir = tempfile::tempdir().unwrap();
    let mut store = new_store(&db_path(&dir));
    // incident(n): Friday 2024-03-01 from 09:00 Santiago, every 37 minutes; cuadrante C{n%20+1};
    // hurto for even n, robo por sorpresa for odd n. n = 40 falls on Saturday 2024-03-02.
    insert_incidents(&mut store, 0..4);
    insert_incidents(&mut store, 20..21);
    insert_incidents(&mut store, 40..41);
    let cells = store
        .cube_cuadrante_category_week(&Default::default())
        .unwrap();
    let got: Vec<(&str, &str, i64, u64)> = cells
        .iter()
        .map(|c| {
            (
                c.cuadrante.as_str(),
                c.category.as_str(),
                c.week_start_day,
                c.count,
            )
        })
        .collect();
    // 19779 = Monday 2024-02-26, days since 1970-01-01.
    assert_eq!(
        got,
        vec![
            ("C01", "dmcs.hurto", 19779, 3),
            ("C02", "dmcs.robo_sorpresa", 19779, 1),
            ("C03", "dmcs.hurto", 19779, 1),
            ("C04", "dmcs.robo_sorpresa", 19779, 1),
        ]
    );
    let hurtos = atalaya_store::IncidentFilter {
        categories: vec!["dmcs.hurto".into()],
        ..Default::default()
    };
    let only: u64 = store
        .cube_cuadrante_category_week(&hurtos)
        .unwrap()
        .iter()
        .map(|c| c.count)
        .sum();
    assert_eq!(only, 4);
}

fn kept_clock(store: &atalaya_store::Store) -> String {
    store
        .conn()
        .query_row("SELECT value FROM meta WHERE key = 'clock'", [], |r| {
            r.get(0)
        })
        .unwrap()
}

/// The clock of the write made right after reopening the store at `path`.
fn next_hlc_after_reopen(path: &std::path::Path) -> i64 {
    let mut store = atalaya_store::Store::open(path, &unlock(PASS)).unwrap();
    insert_incidents(&mut store, 100..101);
    changes(&store).last().unwrap().hlc
}

#[test]
fn given_a_reopened_store_then_its_clock_starts_after_the_newest_committed_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_path(&dir);
    let mut store = new_store(&path);
    insert_incidents(&mut store, 0..3);
    // Each commit keeps its clock.
    assert_eq!(
        kept_clock(&store),
        changes(&store).last().unwrap().hlc.to_string()
    );
    // A clock far ahead of this machine's; only the kept clock says so (the change log is left
    // as it is), so the reopened store must have read it rather than the log.
    let ahead = changes(&store)[0].hlc + (1 << 40);
    store
        .conn()
        .execute(
            "UPDATE meta SET value = ?1 WHERE key = 'clock'",
            [ahead.to_string()],
        )
        .unwrap();
    drop(store);
    assert!(next_hlc_after_reopen(&path) > ahead);
}

#[test]
fn given_a_store_without_a_kept_clock_then_opening_reads_the_change_log_once_and_keeps_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_path(&dir);
    let mut store = new_store(&path);
    insert_incidents(&mut store, 0..3);
    let ahead = changes(&store)[0].hlc + (1 << 40);
    let conn = store.conn();
    conn.execute("UPDATE change SET hlc = ?1 WHERE seq = 2", [ahead])
        .unwrap();
    // As a store written before the clock was kept.
    conn.execute("DELETE FROM meta WHERE key = 'clock'", [])
        .unwrap();
    drop(store);
    let next = next_hlc_after_reopen(&path);
    assert!(next > ahead);
    let store = atalaya_store::Store::open(&path, &unlock(PASS)).unwrap();
    assert_eq!(kept_clock(&store), next.to_string());
}
