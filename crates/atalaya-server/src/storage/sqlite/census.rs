//! A census of the database: counts, and a digest over every row of every table, so that a
//! test can prove a refused request changed nothing.

use crate::ServerError;
use crate::storage::Census;
use crate::storage::codec::uint;
use rusqlite::Connection;
use rusqlite::types::ValueRef;

const TABLES: &[&str] = &[
    "meta",
    "record",
    "conflict",
    "device_ledger",
    "refusal",
    "held",
    "user",
    "device",
];

pub fn census(conn: &Connection) -> Result<Census, ServerError> {
    let count = |sql: &str| -> Result<u64, ServerError> {
        uint("count", conn.query_row(sql, [], |r| r.get(0))?)
    };
    Ok(Census {
        head: count("SELECT value FROM meta WHERE key = 'seq'")?,
        records: count("SELECT count(*) FROM record")?,
        conflicts: count("SELECT count(*) FROM conflict")?,
        open_conflicts: count("SELECT count(*) FROM conflict WHERE open")?,
        users: count("SELECT count(*) FROM user")?,
        devices: count("SELECT count(*) FROM device")?,
        digest: digest(conn)?,
    })
}

fn digest(conn: &Connection) -> Result<String, ServerError> {
    let mut hasher = blake3::Hasher::new();
    for table in TABLES {
        let mut stmt = conn.prepare(&format!("SELECT * FROM {table}"))?;
        let width = stmt.column_count();
        let mut lines = Vec::new();
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let mut line = String::new();
            for i in 0..width {
                line.push_str(&cell(row.get_ref(i)?));
                line.push('\u{1f}');
            }
            lines.push(line);
        }
        // Row order is not part of the state.
        lines.sort();
        hasher.update(table.as_bytes());
        for line in lines {
            hasher.update(line.as_bytes());
            hasher.update(b"\n");
        }
    }
    Ok(hasher.finalize().to_hex().to_string())
}

fn cell(v: ValueRef<'_>) -> String {
    match v {
        ValueRef::Null => "null".into(),
        ValueRef::Integer(i) => format!("i{i}"),
        ValueRef::Real(f) => format!("r{f:?}"),
        ValueRef::Text(t) => format!("t{}", String::from_utf8_lossy(t)),
        ValueRef::Blob(b) => format!("b{}", hex::encode(b)),
    }
}
