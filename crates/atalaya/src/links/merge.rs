//! Merging one incident into another: the same event reported by two sources becomes one
//! incident whose input rows come from both.
//!
//! The absorbed incident's input rows are pointed at the one that stays (so a re-import of
//! its source finds it there), a confirmed `link` row names the merged source row and its
//! score, its own links move along, proposals about it are dropped, and it is deleted through
//! the write path (rollup, search index and change log follow). When the absorbed record has
//! the source's own coordinates and the kept one only a geocoded address, the kept one takes
//! the better point.

use std::collections::BTreeSet;

use atalaya_model::IncidentId;
use atalaya_store::schema::{INCIDENT, LINK, RAW_RECORD_LINEAGE};
use atalaya_store::{Value, WriteTx, codec};

use crate::Result;

/// The sources whose rows an incident holds.
pub(crate) fn cluster_sources(tx: &WriteTx<'_>, incident: &[u8; 16]) -> Result<BTreeSet<[u8; 16]>> {
    Ok(tx
        .rows_of_incident(incident)?
        .into_iter()
        .filter_map(|r| r.source_id)
        .collect())
}

/// Columns that say where an incident is.
const PLACE_COLUMNS: &[&str] = &[
    "lon",
    "lat",
    "accuracy_m",
    "location_precision",
    "cuadrante",
    "barrio",
];

/// Merge incident `from` into `into` with the linker's (or analyst's) `score`.
pub(crate) fn absorb(
    tx: &mut WriteTx<'_>,
    from: &[u8; 16],
    into: &[u8; 16],
    score: f64,
) -> Result<()> {
    let rows = tx.rows_of_incident(from)?;
    for r in &rows {
        tx.update_lineage(
            &RAW_RECORD_LINEAGE,
            &codec::key(&r.id),
            &[("target_id", codec::key(into))],
        )?;
    }
    if let Some(first) = rows
        .iter()
        .find(|r| r.status == "accepted")
        .or(rows.first())
    {
        tx.insert(
            &LINK,
            &[
                codec::key(IncidentId::new().as_bytes()),
                codec::key(into),
                Value::Text("raw_record".into()),
                codec::key(&first.id),
                Value::Real(score),
                Value::Integer(1),
            ],
        )?;
    }
    for l in tx.links_of(from)? {
        tx.update(
            &LINK,
            &codec::key(&l.id),
            &[("incident_id", codec::key(into))],
        )?;
    }
    for l in tx.links_to(from)? {
        if l.target_table == INCIDENT.name {
            tx.delete(&LINK, &codec::key(&l.id))?;
        }
    }
    take_better_place(tx, from, into)?;
    tx.delete(&INCIDENT, &codec::key(from))?;
    Ok(())
}

/// Give `into` the point of `from` when only `from`'s was given by its source.
fn take_better_place(tx: &mut WriteTx<'_>, from: &[u8; 16], into: &[u8; 16]) -> Result<()> {
    let (Some(a), Some(b)) = (
        tx.read_row(&INCIDENT, &codec::key(from))?,
        tx.read_row(&INCIDENT, &codec::key(into))?,
    ) else {
        return Ok(());
    };
    let Some(p) = INCIDENT.column_index("location_precision") else {
        return Ok(());
    };
    let reported = |v: &Value| matches!(v, Value::Text(t) if t == "reported");
    if !reported(&a[p]) || reported(&b[p]) {
        return Ok(());
    }
    let changes: Vec<(&str, Value)> = PLACE_COLUMNS
        .iter()
        .filter_map(|c| INCIDENT.column_index(c).map(|i| (*c, a[i].clone())))
        .collect();
    tx.update(&INCIDENT, &codec::key(into), &changes)?;
    Ok(())
}
