//! Crash safety: `atalaya demo` killed with SIGKILL at many moments leaves a store that opens,
//! passes `PRAGMA integrity_check` and `audit verify`, and holds each batch wholly or not at all.

mod support;

use std::time::Instant;

use support::*;

const INCIDENTS: &str = "120000";
const KILL_POINTS: u64 = 22;

#[test]
fn given_demo_killed_at_random_moments_then_store_is_consistent_every_time() {
    let dir = tempfile::tempdir().unwrap();
    // A clean run tells how long the whole write takes, so kills spread over all of it.
    let clean = dir.path().join("clean.db");
    let t0 = Instant::now();
    ok(atalaya(
        &clean,
        &["demo", "--seed", "3", "--incidents", INCIDENTS],
    ));
    let full = t0.elapsed();
    let mut rng = 0x9e37_79b9_7f4a_7c15u64; // fixed seed: the same kill schedule every run
    let mut partial = 0;
    for point in 0..KILL_POINTS {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        let db = dir.path().join(format!("k{point}.db"));
        let delay = full.mul_f64((rng % 1000) as f64 / 1000.0 * 1.05);
        let mut child = bin()
            .arg("--db")
            .arg(&db)
            .args(["demo", "--seed", "3", "--incidents", INCIDENTS])
            .env("ATALAYA_PASSPHRASE", PASS)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        let _ = child.kill(); // SIGKILL on Unix
        let _ = child.wait();
        if !db.exists() || !atalaya_store::KeyInfo::path_for(&db).exists() {
            continue; // killed before the store existed: nothing to check
        }
        let check = check_store(&db);
        if check < 120_000 {
            partial += 1;
        }
    }
    assert!(
        partial >= KILL_POINTS / 2,
        "most kills must land mid-write (only {partial} did; full run {full:?})"
    );
}

/// Returns the incident count after checking every invariant.
fn check_store(db: &std::path::Path) -> u64 {
    let conn = raw(db);
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok", "{}", db.display());
    // Every batch row matches exactly the incidents that carry its id, and no incident lacks one.
    let mismatched: i64 = conn
        .query_row(
            "SELECT count(*) FROM import_batch b
             WHERE b.rows_accepted != (SELECT count(*) FROM incident i WHERE i.batch_id = b.id)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        mismatched,
        0,
        "a batch is partly present in {}",
        db.display()
    );
    let orphans: i64 = conn
        .query_row(
            "SELECT count(*) FROM incident WHERE batch_id IS NULL OR batch_id NOT IN (SELECT id FROM import_batch)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(orphans, 0);
    let n: i64 = conn
        .query_row("SELECT count(*) FROM incident", [], |r| r.get(0))
        .unwrap();
    drop(conn);
    let r = atalaya(db, &["audit", "verify"]);
    assert_eq!(
        r.code, 0,
        "audit verify after kill: {}{}",
        r.stdout, r.stderr
    );
    n as u64
}
