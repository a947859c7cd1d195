//! The conflict inbox: concurrent edits of guarded fields as the server reported them, and
//! their resolution, which is an ordinary edit naming the conflict (it syncs like any edit).

use atalaya_store::schema;
use atalaya_sync::wire::{Conflict, ConflictId, Versioned, WireValue};
use serde::Serialize;

use super::SyncError;
use super::apply::author_of;
use super::subject::ConflictSubject;
use super::values::{display, from_wire, key, key_text, parse_like};
use crate::Workspace;

/// One side of a conflict.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ConflictSide {
    /// The value, as text.
    pub value: String,
    /// The device that wrote it.
    pub device: String,
    /// Its user, when the server said (servers name the authors of the conflicts they send).
    pub user: Option<String>,
    /// The name the device was registered with, when the server said.
    pub device_name: Option<String>,
    /// Its clock (HLC as a number).
    pub hlc: u64,
    /// When it was written, from its clock (RFC 3339, UTC).
    pub at: String,
    /// Whether this workstation wrote it.
    pub mine: bool,
}

/// A conflict as the inbox shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ConflictOut {
    /// The server's conflict id.
    pub id: u64,
    /// The table.
    pub table: String,
    /// The record's id.
    pub record: String,
    /// The guarded column.
    pub column: String,
    /// The record as this store holds it (when it does), so a person knows which it is.
    pub subject: Option<ConflictSubject>,
    /// The version the field held when the concurrent edit reached the server.
    pub kept: ConflictSide,
    /// The concurrent edit.
    pub incoming: ConflictSide,
    /// The value the field holds meanwhile (the higher stamp).
    pub current: String,
    /// Whether it still waits for a person.
    pub open: bool,
    /// The other open conflicts over the same whole of the same record (an incident's place):
    /// resolving this one settles them too, from the same side.
    pub settled_with: Vec<u64>,
}

/// Which value a resolution keeps.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Keep {
    /// The side this workstation wrote.
    Mine,
    /// The other side.
    Theirs,
    /// A value typed by the person resolving.
    Value(String),
}

impl std::str::FromStr for Keep {
    type Err = std::convert::Infallible;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s {
            "mine" => Self::Mine,
            "theirs" => Self::Theirs,
            other => Self::Value(other.to_owned()),
        })
    }
}

/// Columns kept or given up together, by what they make up: an incident's place is one choice
/// (its point, how it was placed, the address it came from and the areas it falls in), never
/// one edit's longitude with another's latitude.
const WHOLES: &[(&str, &str, &[&str])] = &[(
    "incident",
    "place",
    &[
        "lon",
        "lat",
        "accuracy_m",
        "location_precision",
        "address",
        "cuadrante",
        "barrio",
    ],
)];

/// The whole `table.column` is part of, and all its columns.
fn whole_of(table: &str, column: &str) -> Option<(&'static str, &'static [&'static str])> {
    WHOLES
        .iter()
        .find(|(t, _, columns)| *t == table && columns.contains(&column))
        .map(|(_, whole, columns)| (*whole, *columns))
}

impl Workspace {
    /// The conflicts this store holds (open ones only, or all), oldest first.
    pub fn conflicts(&self, open_only: bool) -> crate::Result<Vec<ConflictOut>> {
        let me = self.store.device_id();
        let book = self.store.sync_book();
        let mut out = Vec::new();
        for entry in book.conflicts(open_only)? {
            let conflict: Conflict =
                serde_json::from_str(&entry.body).map_err(SyncError::bookkeeping)?;
            let side = |v: &Versioned| -> Result<ConflictSide, SyncError> {
                let author = author_of(&book, v.stamp.device)?;
                Ok(ConflictSide {
                    value: display(&v.value),
                    device: v.stamp.device.to_string(),
                    user: author.as_ref().map(|a| a.user.clone()),
                    device_name: author.map(|a| a.name),
                    hlc: v.stamp.hlc.0,
                    at: written_at(v.stamp.hlc.physical_ms()),
                    mine: v.stamp.device == me,
                })
            };
            let current = if conflict.incoming.stamp > conflict.kept.stamp {
                &conflict.incoming
            } else {
                &conflict.kept
            };
            out.push(ConflictOut {
                id: conflict.id.0,
                table: conflict.row.table.clone(),
                record: key_text(&conflict.row.id),
                column: conflict.column.clone(),
                subject: self.conflict_subject(&conflict.row.table, &conflict.row.id)?,
                kept: side(&conflict.kept)?,
                incoming: side(&conflict.incoming)?,
                current: display(&current.value),
                open: conflict.is_open(),
                settled_with: Vec::new(),
            });
        }
        let wholes: Vec<Option<&str>> = out
            .iter()
            .map(|c| {
                whole_of(&c.table, &c.column)
                    .filter(|_| c.open)
                    .map(|(w, _)| w)
            })
            .collect();
        for i in 0..out.len() {
            let Some(whole) = wholes[i] else { continue };
            out[i].settled_with = (0..out.len())
                .filter(|&j| {
                    j != i
                        && wholes[j] == Some(whole)
                        && out[j].table == out[i].table
                        && out[j].record == out[i].record
                })
                .map(|j| out[j].id)
                .collect();
        }
        Ok(out)
    }

    /// Resolve conflict `id` by keeping `keep`: an edit of the field that names the conflict,
    /// pushed by the next sync. Resolving an already resolved conflict is refused. When the
    /// field is one part of a whole (an incident's place) whose other parts are in open
    /// conflicts too, those are settled with it, from the same side, in the same edit (a typed
    /// value for one part is refused then).
    pub fn resolve_conflict(&mut self, id: u64, keep: &Keep) -> crate::Result<ConflictOut> {
        let me = self.store.device_id();
        let number = i64::try_from(id).map_err(|_| SyncError::UnknownConflict { id })?;
        let body = self
            .store
            .sync_book()
            .conflict(number)?
            .ok_or(SyncError::UnknownConflict { id })?;
        let conflict: Conflict = serde_json::from_str(&body).map_err(SyncError::bookkeeping)?;
        if !conflict.is_open() {
            return Err(SyncError::AlreadyResolved { id }.into());
        }
        // The open conflicts over the other parts of the same whole are settled with it, from
        // the same side, in the same edit.
        let siblings = self.open_siblings(&conflict)?;
        if let (Keep::Value(_), false) = (keep, siblings.is_empty()) {
            let (whole, _) = whole_of(&conflict.row.table, &conflict.column).unwrap_or_default();
            let others: Vec<String> = siblings.iter().map(|c| c.id.0.to_string()).collect();
            return Err(SyncError::PartOfWhole {
                id,
                column: conflict.column.clone(),
                whole,
                others: others.join(", "),
            }
            .into());
        }
        let value = chosen(&conflict, keep, me)?;
        let unknown_category = conflict.column == "category"
            && value
                .as_text()
                .is_none_or(|code| self.taxonomy().category(code).is_none());
        if unknown_category {
            return Err(SyncError::BadValue {
                column: conflict.column.clone(),
                value: display(&value),
            }
            .into());
        }
        let spec = schema::by_name(&conflict.row.table).ok_or_else(|| SyncError::UnknownTable {
            table: conflict.row.table.clone(),
        })?;
        let record = key(&conflict.row.id);
        let column_of = |c: &Conflict| {
            spec.columns
                .iter()
                .copied()
                .find(|name| *name == c.column)
                .ok_or_else(|| SyncError::UnknownTable {
                    table: format!("{}.{}", c.row.table, c.column),
                })
        };
        let mut settled = vec![(column_of(&conflict)?, value, conflict)];
        for sibling in siblings {
            let value = chosen(&sibling, keep, me)?;
            settled.push((column_of(&sibling)?, value, sibling));
        }
        let changes: Vec<(&str, _)> = settled
            .iter()
            .map(|(column, value, _)| (*column, from_wire(value)))
            .collect();
        let columns: Vec<&str> = settled.iter().map(|(column, _, _)| *column).collect();
        let ids: Vec<ConflictId> = settled.iter().map(|(_, _, c)| c.id).collect();
        let mut tx = self.store.write(&self.actor, "sync.resolve")?;
        tx.rewrite(spec, &record, &changes)?;
        let book = tx.sync_book();
        let seq = book.last_change_seq()?;
        let ids_json = serde_json::to_string(&ids).map_err(SyncError::bookkeeping)?;
        book.note_resolution(seq, &ids_json)?;
        let resolved_by = Some(atalaya_sync::wire::Stamp::new(tx.hlc(), me));
        for (column, _, mut c) in settled {
            c.resolved_by = resolved_by;
            let number = i64::try_from(c.id.0).map_err(|_| SyncError::UnknownConflict { id })?;
            let body = serde_json::to_string(&c).map_err(SyncError::bookkeeping)?;
            book.put_conflict(number, spec.code, &record, column, false, &body)?;
        }
        tx.commit(serde_json::json!({ "conflict": id, "columns": columns, "resolves": ids }))?;
        let resolved = self.conflicts(false)?.into_iter().find(|c| c.id == id);
        resolved.ok_or_else(|| SyncError::UnknownConflict { id }.into())
    }
}

impl Workspace {
    /// The open conflicts over the other columns of the whole `conflict`'s column is part of,
    /// on the same record.
    fn open_siblings(&self, conflict: &Conflict) -> crate::Result<Vec<Conflict>> {
        let Some((_, columns)) = whole_of(&conflict.row.table, &conflict.column) else {
            return Ok(Vec::new());
        };
        let mut siblings = Vec::new();
        for entry in self.store.sync_book().conflicts(true)? {
            let other: Conflict =
                serde_json::from_str(&entry.body).map_err(SyncError::bookkeeping)?;
            if other.id != conflict.id
                && other.row == conflict.row
                && columns.contains(&other.column.as_str())
            {
                siblings.push(other);
            }
        }
        Ok(siblings)
    }
}

fn written_at(ms: u64) -> String {
    i64::try_from(ms)
        .ok()
        .and_then(chrono::DateTime::from_timestamp_millis)
        .unwrap_or_default()
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

fn chosen(
    conflict: &Conflict,
    keep: &Keep,
    me: atalaya_model::DeviceId,
) -> Result<WireValue, SyncError> {
    let mine = |v: &Versioned| v.stamp.device == me;
    let (kept_mine, incoming_mine) = (mine(&conflict.kept), mine(&conflict.incoming));
    let ambiguous = || SyncError::AmbiguousSide { id: conflict.id.0 };
    match keep {
        Keep::Mine if kept_mine != incoming_mine => Ok(if kept_mine {
            conflict.kept.value.clone()
        } else {
            conflict.incoming.value.clone()
        }),
        Keep::Theirs if kept_mine != incoming_mine => Ok(if kept_mine {
            conflict.incoming.value.clone()
        } else {
            conflict.kept.value.clone()
        }),
        Keep::Mine | Keep::Theirs => Err(ambiguous()),
        Keep::Value(text) => {
            parse_like(text, &conflict.kept.value).ok_or_else(|| SyncError::BadValue {
                column: conflict.column.clone(),
                value: text.clone(),
            })
        }
    }
}
