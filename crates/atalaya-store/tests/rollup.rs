//! The per-day rollup stays exact through inserts, updates and deletes, and every count, count
//! by key, time range and cube read through it equals the same query read from the incidents.

mod support;

use atalaya_store::schema::INCIDENT;
use atalaya_store::{AuditProblem, IncidentFilter, Store, Value, codec};
use chrono::{DateTime, TimeZone, Utc};
use support::*;

/// A filter that matches every located incident and forces the row-by-row path.
const EVERYWHERE: [f64; 4] = [-180.0, -90.0, 180.0, 90.0];

/// 3 000 incidents over ~77 days, then some moved to other categories, days and areas, and
/// some deleted, each in its own traced transaction.
fn store_with_history(dir: &tempfile::TempDir) -> Store {
    let mut store = new_store(&db_path(dir));
    insert_incidents(&mut store, 0..3000);
    let mut tx = store.write("analista", "incident.edit").unwrap();
    for n in (0..3000).step_by(7) {
        let key = codec::key(incident(n).id.as_bytes());
        tx.update(
            &INCIDENT,
            &key,
            &[("category", Value::Text("inc.danos".into()))],
        )
        .unwrap();
    }
    for n in (0..3000).step_by(11) {
        let moved = incident(n).occurred_from + chrono::Duration::hours(i64::from(n % 50));
        let key = codec::key(incident(n).id.as_bytes());
        tx.update(
            &INCIDENT,
            &key,
            &[
                ("cuadrante", Value::Text("C07".into())),
                ("occurred_from", Value::Integer(moved.timestamp())),
                (
                    "local_day",
                    Value::Integer(i64::from(atalaya_model::time::local_day_number(moved))),
                ),
            ],
        )
        .unwrap();
    }
    tx.commit(serde_json::json!({})).unwrap();
    let mut tx = store.write("analista", "incident.delete").unwrap();
    for n in (0..3000).step_by(13) {
        assert!(
            tx.delete(&INCIDENT, &codec::key(incident(n).id.as_bytes()))
                .unwrap()
        );
    }
    tx.commit(serde_json::json!({})).unwrap();
    store
}

/// A small deterministic generator (xorshift), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn random_filter(rng: &mut Rng) -> IncidentFilter {
    let start = Utc.with_ymd_and_hms(2024, 2, 25, 0, 0, 0).unwrap();
    let instant = |rng: &mut Rng| -> DateTime<Utc> {
        // Whole local midnights (03:00 UTC in March), whole hours or odd minutes.
        let day = rng.below(90) as i64;
        let offset = match rng.below(3) {
            0 => chrono::Duration::hours(3),
            1 => chrono::Duration::hours(rng.below(24) as i64),
            _ => chrono::Duration::minutes(rng.below(1440) as i64),
        };
        start + chrono::Duration::days(day) + offset
    };
    let (mut from, mut to) = (
        (rng.below(4) > 0).then(|| instant(rng)),
        (rng.below(4) > 0).then(|| instant(rng)),
    );
    if let (Some(a), Some(b)) = (from, to)
        && a >= b
    {
        (from, to) = (Some(b), Some(a + chrono::Duration::minutes(1)));
    }
    let categories = match rng.below(5) {
        0 => vec!["dmcs".into()],
        1 => vec!["dmcs.hurto".into(), "inc".into()],
        2 => vec!["inc.danos".into()],
        _ => vec![],
    };
    let areas = match rng.below(4) {
        0 => vec![format!("C{:02}", 1 + rng.below(20))],
        1 => vec!["B01".into()],
        _ => vec![],
    };
    IncidentFilter {
        from,
        to,
        categories,
        areas,
        ..Default::default()
    }
}

#[test]
fn rollup_stays_exact_through_inserts_updates_and_deletes() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_history(&dir);
    assert_eq!(store.rollup_mismatches(10).unwrap(), vec![]);
    let total: i64 = store
        .conn()
        .query_row("SELECT sum(n) FROM incident_rollup", [], |r| r.get(0))
        .unwrap();
    assert_eq!(total as u64, store.table_count("incident").unwrap());
    assert!(store.verify_audit().unwrap().ok());
}

#[test]
fn every_read_through_the_rollup_equals_the_incident_scan() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_history(&dir);
    let mut rng = Rng(0x5eed_a7a1_a7a1);
    for case in 0..400 {
        let f = random_filter(&mut rng);
        let scanned = IncidentFilter {
            bbox: Some(EVERYWHERE),
            ..f.clone()
        };
        let what = format!("case {case}: {f:?}");
        assert_eq!(
            store.count_incidents(&f).unwrap(),
            store.count_incidents(&scanned).unwrap(),
            "count, {what}"
        );
        for by in ["category", "cuadrante", "barrio", "source"] {
            assert_eq!(
                store.count_by(&f, by).unwrap(),
                store.count_by(&scanned, by).unwrap(),
                "count by {by}, {what}"
            );
        }
        let tally = store.tally(&f).unwrap();
        assert_eq!(tally, store.tally(&scanned).unwrap(), "tally, {what}");
        assert_eq!(tally.total, store.count_incidents(&f).unwrap(), "{what}");
        assert_eq!(tally.by_category, store.count_by(&f, "category").unwrap());
        assert_eq!(tally.by_cuadrante, store.count_by(&f, "cuadrante").unwrap());
        assert_eq!(tally.by_source, store.count_by(&f, "source").unwrap());
        assert_eq!(
            store.occurred_range(&f).unwrap(),
            store.occurred_range(&scanned).unwrap(),
            "range, {what}"
        );
        assert_eq!(
            store.cube_cuadrante_category_week(&f).unwrap(),
            store.cube_cuadrante_category_week(&scanned).unwrap(),
            "cube, {what}"
        );
    }
}

#[test]
fn the_span_of_days_from_the_rollup_equals_the_incidents_own() {
    let dir = tempfile::tempdir().unwrap();
    let empty = new_store(&dir.path().join("empty.db"));
    assert_eq!(empty.incident_day_span().unwrap(), None);

    let store = store_with_history(&dir);
    let scanned: (i32, i32) = store
        .conn()
        .query_row(
            "SELECT min(local_day), max(local_day) FROM incident",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(store.incident_day_span().unwrap(), Some(scanned));
}

#[test]
fn a_rollup_changed_behind_the_apis_back_fails_audit_verify_naming_the_day() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = new_store(&db_path(&dir));
    insert_incidents(&mut store, 0..50);
    store
        .conn()
        .execute(
            "UPDATE incident_rollup SET n = n + 1
             WHERE (local_day, category, cuadrante, barrio, source_id) =
                   (SELECT local_day, category, cuadrante, barrio, source_id
                    FROM incident_rollup ORDER BY 1, 2, 3, 4, 5 LIMIT 1)",
            [],
        )
        .unwrap();
    let report = store.verify_audit().unwrap();
    assert!(!report.ok());
    let first = &report.problems[0];
    assert!(
        matches!(first, AuditProblem::RollupMismatch { stored, actual, .. } if stored - actual == 1),
        "{first:?}"
    );
    assert!(first.to_string().contains("2024-03-01"), "{first}");
}
