//! The write path's side of the rollup: ±1 per incident written, summed in memory for the whole
//! transaction and applied once at commit, one upsert per distinct key (day × category ×
//! cuadrante × barrio × source) in the daily table and one per week in the weekly table.
//! Incidents sharing a key cost one write; at the demo's density (an import chunk of 50 000
//! rows spans about eight weeks) most keys hold one or two incidents, so the rollups still
//! cost about an upsert per row (8.5 % of a 1M-row import's time under `perf`).

use std::collections::HashMap;

use rusqlite::Transaction;
use rusqlite::types::Value;

use crate::schema::{INCIDENT, TableSpec};
use crate::{Result, StoreError};

/// A rollup key: local day and the interned category, cuadrante, barrio and source id.
type Key = (i64, [u32; 4]);

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

/// Distinct key values of one column (a few dozen at most), so counting a row allocates
/// nothing once its values have been seen.
#[derive(Default)]
struct Interner {
    ids: HashMap<Vec<u8>, u32>,
    values: Vec<Value>,
}

impl Interner {
    /// The id of `v` (text or blob; anything else counts as empty), stored as `empty` says.
    fn id(&mut self, v: &Value, empty: &Value) -> u32 {
        let bytes: &[u8] = match v {
            Value::Text(s) => s.as_bytes(),
            Value::Blob(b) => b,
            _ => &[],
        };
        if let Some(&id) = self.ids.get(bytes) {
            return id;
        }
        let id = self.values.len() as u32;
        self.values.push(match v {
            Value::Text(_) | Value::Blob(_) => v.clone(),
            _ => empty.clone(),
        });
        self.ids.insert(bytes.to_vec(), id);
        id
    }
}

/// Summed rollup changes of one write transaction.
#[derive(Default)]
pub(crate) struct RollupDeltas {
    columns: Option<Columns>,
    /// Category, cuadrante, barrio, source id.
    interned: [Interner; 4],
    counts: HashMap<Key, i64>,
}

impl RollupDeltas {
    /// Count `row` (in `spec`'s column order) `sign` times, if `spec` is the incident table.
    pub(crate) fn add(&mut self, spec: &TableSpec, row: &[Value], sign: i64) {
        if spec.code != INCIDENT.code {
            return;
        }
        let [day, rest @ ..] = self.columns.get_or_insert_with(Columns::of_incident).0;
        let day = match row[day] {
            Value::Integer(d) => d,
            _ => 0,
        };
        let empty_text = Value::Text(String::new());
        let empty_blob = Value::Blob(Vec::new());
        let mut ids = [0u32; 4];
        for (k, col) in rest.iter().enumerate() {
            let empty = if k == 3 { &empty_blob } else { &empty_text };
            ids[k] = self.interned[k].id(&row[*col], empty);
        }
        *self.counts.entry((day, ids)).or_default() += sign;
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

    /// Write the summed deltas to the daily and the weekly rollup, and forget them.
    pub(crate) fn flush(&mut self, tx: &Transaction<'_>) -> Result<()> {
        if self.counts.is_empty() {
            return Ok(());
        }
        let days: Vec<(Key, i64)> = self.counts.drain().filter(|(_, n)| *n != 0).collect();
        let mut weeks: HashMap<Key, i64> = HashMap::new();
        for ((day, ids), n) in &days {
            *weeks.entry((super::monday_of(*day), *ids)).or_default() += n;
        }
        self.apply(tx, "incident_rollup", "local_day", days)?;
        self.apply(
            tx,
            "incident_rollup_week",
            "week",
            weeks.into_iter().filter(|(_, n)| *n != 0).collect(),
        )
    }

    /// Add `counts` to `table`, whose time column is `time`.
    fn apply(
        &self,
        tx: &Transaction<'_>,
        table: &str,
        time: &str,
        mut counts: Vec<(Key, i64)>,
    ) -> Result<()> {
        let mut upsert = tx.prepare_cached(&format!(
            "INSERT INTO {table} ({time}, category, cuadrante, barrio, source_id, n)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT ({time}, category, cuadrante, barrio, source_id)
             DO UPDATE SET n = n + excluded.n"
        ))?;
        // SQLite checks CHECK before UNIQUE, so a negative delta cannot go through the upsert.
        // It always meets an existing row (each decrement undoes an earlier increment); the
        // CHECK (n >= 0) and the row count turn any miscount into an error, not a wrong count.
        let mut decrement = tx.prepare_cached(&format!(
            "UPDATE {table} SET n = n + ?6 WHERE {time} = ?1 AND category = ?2
             AND cuadrante = ?3 AND barrio = ?4 AND source_id = ?5"
        ))?;
        let mut drop_empty = tx.prepare_cached(&format!(
            "DELETE FROM {table} WHERE {time} = ?1 AND category = ?2 AND cuadrante = ?3
             AND barrio = ?4 AND source_id = ?5 AND n = 0"
        ))?;
        // Applied in time order so the B-tree is walked once, front to back.
        counts.sort_unstable();
        for ((t, ids), n) in counts {
            let [category, cuadrante, barrio, source] =
                std::array::from_fn(|k| &self.interned[k].values[ids[k] as usize]);
            let args = rusqlite::params![t, category, cuadrante, barrio, source, n];
            if n > 0 {
                upsert.execute(args)?;
            } else {
                if decrement.execute(args)? != 1 {
                    return Err(StoreError::Corrupt {
                        table: "incident_rollup",
                        column: "n",
                        reason: format!(
                            "{table}: no count to decrement at {time} {t}; run `audit verify`"
                        ),
                    });
                }
                drop_empty.execute(&args[..5])?;
            }
        }
        Ok(())
    }
}
