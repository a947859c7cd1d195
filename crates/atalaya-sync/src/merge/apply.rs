//! Applying one pushed edit to a field, in the order the server receives them: the place
//! where concurrency is detected (base ≠ current version).

use super::{FieldClass, union_items};
use crate::wire::{Field, Item, Stamp, Versioned};

/// What applying an edit did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Applied {
    /// The edit replaced the version it was based on.
    Successor,
    /// A plain field's concurrent edit; the higher stamp holds the field.
    LastWriterWins {
        /// Whether the edit's value is now the field's.
        won: bool,
    },
    /// A guarded field's concurrent edit: both versions go into a conflict record, the higher
    /// stamp holds the field meanwhile.
    Conflict {
        /// The version the field held when the edit arrived.
        kept: Versioned,
    },
    /// An element added to an append-only field (or already there).
    Appended,
    /// The very version the field holds already (a replay).
    AlreadyThere,
}

/// Apply an edit (`incoming`, based on `base`) to a field of class `class`.
pub fn apply_change(
    class: FieldClass,
    field: &mut Option<Field>,
    incoming: Versioned,
    base: Option<Stamp>,
) -> Applied {
    if class == FieldClass::AppendOnly {
        let item = Item {
            stamp: incoming.stamp,
            value: incoming.value,
        };
        match field {
            Some(Field::Set { items }) => union_items(items, &[item]),
            _ => *field = Some(Field::Set { items: vec![item] }),
        }
        return Applied::Appended;
    }
    let current = match field {
        Some(Field::Register(current)) => current,
        _ => {
            // Empty (or formerly append-only) field: nothing concurrent to lose.
            *field = Some(Field::Register(incoming));
            return Applied::Successor;
        }
    };
    if current.stamp == incoming.stamp {
        return Applied::AlreadyThere;
    }
    if base == Some(current.stamp) {
        // A successor carries a later clock (its device observed the base before ticking);
        // keeping the maximum anyway keeps the field's rule uniform.
        if incoming.stamp > current.stamp {
            *current = incoming;
        }
        return Applied::Successor;
    }
    let won = incoming.stamp > current.stamp;
    let before = if won {
        std::mem::replace(current, incoming)
    } else {
        current.clone()
    };
    match class {
        FieldClass::Guarded => Applied::Conflict { kept: before },
        _ => Applied::LastWriterWins { won },
    }
}
