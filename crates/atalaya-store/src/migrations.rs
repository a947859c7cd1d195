//! Versioned schema migrations, applied in order at open; `PRAGMA user_version` records the last.

use rusqlite::Connection;

use crate::Result;

/// Every migration, in order: `(version, sql)`. Never edit a released entry; append.
pub const MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("migrations/0001_init.sql")),
    (2, include_str!("migrations/0002_incident_search.sql")),
    (3, include_str!("migrations/0003_lineage.sql")),
    (4, include_str!("migrations/0004_incident_rollup.sql")),
    (
        5,
        include_str!("migrations/0005_location_precision_links.sql"),
    ),
    (6, include_str!("migrations/0006_view_snapshot.sql")),
    (7, include_str!("migrations/0007_sync.sql")),
    (8, include_str!("migrations/0008_cases.sql")),
];

/// The schema version this program writes.
pub const CURRENT: i64 = MIGRATIONS[MIGRATIONS.len() - 1].0;

/// The schema version recorded in the database.
pub fn version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// Apply every migration above the recorded version and up to `target`, each in its own
/// transaction (so a crash leaves a whole version). Returns how many were applied.
pub fn migrate_to(conn: &mut Connection, target: i64) -> Result<usize> {
    let mut applied = 0;
    for &(v, sql) in MIGRATIONS.iter().filter(|(v, _)| *v <= target) {
        if v <= version(conn)? {
            continue;
        }
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", v)?;
        tx.commit()?;
        applied += 1;
    }
    Ok(applied)
}
