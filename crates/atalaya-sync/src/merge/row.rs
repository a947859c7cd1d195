//! A record's fields by column, as both the server and a replica hold them.

use super::merge_field;
use crate::wire::{Field, WireValue};
use std::collections::BTreeMap;

/// A record: its fields by column name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Row {
    /// Fields by column name.
    pub fields: BTreeMap<String, Field>,
}

impl Row {
    /// The current value of a register column, if the record has it.
    pub fn value(&self, column: &str) -> Option<&WireValue> {
        self.fields.get(column).and_then(Field::value)
    }

    /// Merge another state of the same record, field by field.
    pub fn merge(&mut self, other: &BTreeMap<String, Field>) {
        for (column, field) in other {
            match self.fields.get_mut(column) {
                Some(mine) => merge_field(mine, field),
                None => {
                    self.fields.insert(column.clone(), field.clone());
                }
            }
        }
    }
}
