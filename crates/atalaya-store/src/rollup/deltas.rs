//! The write path's side of the rollup: ±1 per incident written, summed in memory for the whole
//! transaction and applied once at commit (a bulk batch of 50 000 incidents becomes a few
//! thousand upserts, not 50 000).

use std::collections::HashMap;

use rusqlite::Transaction;
use rusqlite::types::Value;

use crate::schema::{INCIDENT, TableSpec};
use crate::{Result, StoreError};

/// A rollup key: local day, category, cuadrante, barrio, source id (absent ones empty).
#[derive(Clone, Debug, Hash, PartialEq, Eq)]
struct Key {
    day: i64,
    category: String,
    cuadrante: String,
    barrio: String,
    source: Vec<u8>,
}

/// Positions of the key's columns in [`INCIDENT`]'s column order.
struct Columns([usize; 5]);

impl Columns {
    fn of_incident() -> Self {
        let at = |c| {
            INCIDENT
                .column_index(c)
                .unwrap_or_else(|| panic!("incident spec lacks rollup column {c}"))
        };
        Self([
            at("local_day"),
            at("category"),
            at("cuadrante"),
            at("barrio"),
            at("source_id"),
        ])
    }
}

/// Summed rollup changes of one write transaction.
#[derive(Default)]
pub(crate) struct RollupDeltas {
    columns: Option<Columns>,
    counts: HashMap<Key, i64>,
}

fn text(v: &Value) -> String {
    match v {
        Value::Text(s) => s.clone(),
        _ => String::new(),
    }
}

impl RollupDeltas {
    /// Count `row` (in `spec`'s column order) `sign` times, if `spec` is the incident table.
    pub(crate) fn add(&mut self, spec: &TableSpec, row: &[Value], sign: i64) {
        if spec.code != INCIDENT.code {
            return;
        }
        let [day, category, cuadrante, barrio, source] =
            self.columns.get_or_insert_with(Columns::of_incident).0;
        let key = Key {
            day: match row[day] {
                Value::Integer(d) => d,
                _ => 0,
            },
            category: text(&row[category]),
            cuadrante: text(&row[cuadrante]),
            barrio: text(&row[barrio]),
            source: match &row[source] {
                Value::Blob(b) => b.clone(),
                _ => Vec::new(),
            },
        };
        *self.counts.entry(key).or_default() += sign;
    }

    /// Whether an update from `old` to `new` moves the row to another key.
    pub(crate) fn moves(&mut self, spec: &TableSpec, old: &[Value], new: &[Value]) -> bool {
        spec.code == INCIDENT.code
            && self
                .columns
                .get_or_insert_with(Columns::of_incident)
                .0
                .iter()
                .any(|&i| old[i] != new[i])
    }

    /// Write the summed deltas and forget them.
    pub(crate) fn flush(&mut self, tx: &Transaction<'_>) -> Result<()> {
        if self.counts.is_empty() {
            return Ok(());
        }
        let mut upsert = tx.prepare_cached(
            "INSERT INTO incident_rollup (local_day, category, cuadrante, barrio, source_id, n)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (local_day, category, cuadrante, barrio, source_id)
             DO UPDATE SET n = n + excluded.n",
        )?;
        // SQLite checks CHECK before UNIQUE, so a negative delta cannot go through the upsert.
        let mut decrement = tx.prepare_cached(
            "UPDATE incident_rollup SET n = n + ?6 WHERE local_day = ?1 AND category = ?2
             AND cuadrante = ?3 AND barrio = ?4 AND source_id = ?5",
        )?;
        // A negative delta always meets an existing row (each decrement undoes an earlier
        // increment); the CHECK (n >= 0) turns any miscount into an error, not a wrong count.
        let mut drop_empty = tx.prepare_cached(
            "DELETE FROM incident_rollup WHERE local_day = ?1 AND category = ?2 AND cuadrante = ?3
             AND barrio = ?4 AND source_id = ?5 AND n = 0",
        )?;
        // Applied in key order so the B-tree is walked once, front to back.
        let mut counts: Vec<(Key, i64)> = self.counts.drain().filter(|(_, n)| *n != 0).collect();
        counts.sort_unstable_by(|(a, _), (b, _)| {
            (a.day, &a.category, &a.cuadrante, &a.barrio, &a.source).cmp(&(
                b.day,
                &b.category,
                &b.cuadrante,
                &b.barrio,
                &b.source,
            ))
        });
        for (k, n) in counts {
            let args = rusqlite::params![k.day, k.category, k.cuadrante, k.barrio, k.source, n];
            if n > 0 {
                upsert.execute(args)?;
            } else {
                if decrement.execute(args)? != 1 {
                    return Err(StoreError::Corrupt {
                        table: "incident_rollup",
                        column: "n",
                        reason: format!(
                            "no count to decrement for day {} category {}; run `audit verify`",
                            k.day, k.category
                        ),
                    });
                }
                drop_empty.execute(&args[..5])?;
            }
        }
        Ok(())
    }
}
