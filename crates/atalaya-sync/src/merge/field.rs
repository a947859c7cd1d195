//! Merging two states of one field: the order-independent rule replicas use on received data.

use crate::wire::{Field, Item};

/// Merge `incoming` into `current`: registers keep the higher stamp, sets take the union.
/// Commutative, associative and idempotent, so replicas that saw the same versions in any
/// order hold the same field.
pub fn merge_field(current: &mut Field, incoming: &Field) {
    match (current, incoming) {
        (Field::Register(mine), Field::Register(theirs)) => {
            if theirs.stamp > mine.stamp {
                *mine = theirs.clone();
            }
        }
        (Field::Set { items }, Field::Set { items: more }) => union_items(items, more),
        // A field changed class (a new policy): the incoming state is the server's, take it.
        (current, incoming) => *current = incoming.clone(),
    }
}

/// Add `more` to the stamp-sorted `items`, keeping them sorted and without duplicates.
pub fn union_items(items: &mut Vec<Item>, more: &[Item]) {
    for item in more {
        if let Err(at) = items.binary_search_by(|i| i.stamp.cmp(&item.stamp)) {
            items.insert(at, item.clone());
        }
    }
}
