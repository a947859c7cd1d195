//! The merge rules every replica applies alike, so that all of them converge.
//!
//! A register field (plain or guarded) always holds its version with the highest [`Stamp`]
//! (HLC, then device id): last writer wins, and the result does not depend on the order in
//! which versions arrive. A guarded field also records a [`Conflict`] whenever an edit arrives
//! whose base is not the field's current version. An append-only field is the union of its
//! additions. Conflicts are detected where edits are applied in order (the server); replicas
//! receive them as data.
//!
//! [`Stamp`]: crate::wire::Stamp
//! [`Conflict`]: crate::wire::Conflict

mod apply;
mod field;
mod policy;
mod row;

pub use apply::{Applied, apply_change};
pub use field::{merge_field, union_items};
pub use policy::{FieldClass, FieldPolicy};
pub use row::Row;
