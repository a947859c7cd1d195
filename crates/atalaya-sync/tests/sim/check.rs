//! The end-of-run checks: every replica equals the server for what it may see, and every edit
//! is accounted for (current, in a conflict, knowingly superseded, overwritten by a later
//! plain edit, appended, or refused with a reason) — none lost, none applied twice.

use super::{EditLog, Sim};
use atalaya_sync::merge::FieldClass;
use atalaya_sync::server_state::Everything;
use atalaya_sync::wire::{Field, RowRef, RowState};
use std::collections::{BTreeMap, BTreeSet};

/// What happened to the edits and the messages of a run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Census {
    pub edits: usize,
    /// Register edits whose value the field holds.
    pub current: usize,
    /// Guarded edits kept in a conflict record (and not current).
    pub in_conflict: usize,
    /// Guarded edits replaced by an edit that had seen them.
    pub superseded: usize,
    /// Plain edits replaced by a later clock.
    pub overwritten: usize,
    /// Append-only additions present.
    pub appended: usize,
    /// Edits the server refused (out of scope), listed on their replica.
    pub refused: usize,
    pub conflicts: usize,
    pub open_conflicts: usize,
    pub resolutions: usize,
    pub evictions: usize,
    /// Reset pages applied after a scope change.
    pub resets: usize,
    pub rescopes: usize,
    pub dropped: usize,
    pub duplicated: usize,
    pub cut: usize,
}

impl Census {
    /// Sum of two runs.
    pub fn add(&mut self, o: &Census) {
        let fields = [
            (&mut self.edits, o.edits),
            (&mut self.current, o.current),
            (&mut self.in_conflict, o.in_conflict),
            (&mut self.superseded, o.superseded),
            (&mut self.overwritten, o.overwritten),
            (&mut self.appended, o.appended),
            (&mut self.refused, o.refused),
            (&mut self.conflicts, o.conflicts),
            (&mut self.open_conflicts, o.open_conflicts),
            (&mut self.resolutions, o.resolutions),
            (&mut self.evictions, o.evictions),
            (&mut self.resets, o.resets),
            (&mut self.rescopes, o.rescopes),
            (&mut self.dropped, o.dropped),
            (&mut self.duplicated, o.duplicated),
            (&mut self.cut, o.cut),
        ];
        for (mine, theirs) in fields {
            *mine += theirs;
        }
    }
}

impl Sim {
    /// Check convergence and account for every edit; panics with the first violation.
    pub fn check(&self) -> Census {
        for (i, client) in self.clients.iter().enumerate() {
            assert!(
                client.replica.outbox().is_empty(),
                "replica {i} still has an outbox"
            );
            let expected = self.server.snapshot(&*client.scope);
            assert_eq!(
                client.replica.snapshot(),
                expected,
                "replica {i} differs from the server"
            );
        }
        let all = self.server.snapshot(&Everything);
        let mut census = self.census;
        census.conflicts = self.server.conflicts().count();
        census.open_conflicts = self.server.conflicts().filter(|c| c.is_open()).count();
        let refused: BTreeSet<(usize, u64)> = self
            .clients
            .iter()
            .enumerate()
            .flat_map(|(i, c)| {
                c.replica
                    .refused()
                    .iter()
                    .map(move |r| (i, r.change.change_no))
            })
            .collect();
        let applied: Vec<&EditLog> = self
            .log
            .iter()
            .filter(|e| !refused.contains(&(e.client, e.change_no)))
            .collect();
        census.edits = self.log.len();
        census.refused = self.log.len() - applied.len();
        for edit in &applied {
            account(edit, &all, &applied, &mut census);
        }
        check_sets(&all, &applied);
        check_conflict_sides(&all, &applied);
        census
    }
}

fn account(
    edit: &EditLog,
    all: &BTreeMap<RowRef, RowState>,
    applied: &[&EditLog],
    census: &mut Census,
) {
    let row = all
        .get(&edit.row)
        .unwrap_or_else(|| panic!("applied edit's record is gone: {edit:?}"));
    let field = row.fields.get(&edit.column).expect("applied field present");
    match (edit.class, field) {
        (FieldClass::AppendOnly, Field::Set { items }) => {
            assert!(
                items
                    .iter()
                    .any(|i| i.stamp == edit.stamp && i.value == edit.value),
                "lost addition {edit:?}"
            );
            census.appended += 1;
        }
        (_, Field::Register(current)) => {
            if current.stamp == edit.stamp {
                assert_eq!(current.value, edit.value);
                census.current += 1;
            } else if row
                .conflicts
                .iter()
                .any(|c| c.column == edit.column && c.keeps(edit.stamp))
            {
                census.in_conflict += 1;
            } else if edit.class == FieldClass::Guarded {
                let successor = applied.iter().any(|e| {
                    e.row == edit.row && e.column == edit.column && e.base == Some(edit.stamp)
                });
                assert!(
                    successor,
                    "guarded edit lost: neither current, in a conflict nor seen: {edit:?}"
                );
                census.superseded += 1;
            } else {
                assert!(
                    current.stamp > edit.stamp,
                    "plain edit lost to an older clock: {edit:?}"
                );
                census.overwritten += 1;
            }
        }
        (class, field) => panic!("{class:?} field holds {field:?}"),
    }
}

/// Every addition once: a set holds exactly the applied additions, no duplicates.
fn check_sets(all: &BTreeMap<RowRef, RowState>, applied: &[&EditLog]) {
    for (row, state) in all {
        for (column, field) in &state.fields {
            if let Field::Set { items } = field {
                let added = applied
                    .iter()
                    .filter(|e| &e.row == row && &e.column == column)
                    .count();
                assert_eq!(
                    items.len(),
                    added,
                    "{row:?}.{column}: additions applied once each"
                );
            }
        }
    }
}

/// Both sides of every conflict are real edits of that field (nothing invented).
fn check_conflict_sides(all: &BTreeMap<RowRef, RowState>, applied: &[&EditLog]) {
    for state in all.values() {
        for conflict in &state.conflicts {
            for side in [&conflict.kept, &conflict.incoming] {
                let real = applied.iter().any(|e| {
                    e.row == conflict.row
                        && e.column == conflict.column
                        && e.stamp == side.stamp
                        && e.value == side.value
                });
                assert!(real, "conflict side is no edit: {conflict:?}");
            }
        }
    }
}
