//! Which merge rule each field follows: plain by default, guarded or append-only by name.

use std::collections::BTreeMap;

/// How concurrent edits of a field merge.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FieldClass {
    /// Last writer wins by stamp; concurrent edits are not reported.
    Plain,
    /// Last writer wins provisionally, and concurrent edits become a conflict record for a
    /// person to resolve.
    Guarded,
    /// A set of additions merged by union; nothing is ever overwritten.
    AppendOnly,
}

/// The class of every (table, column); anything not listed is [`FieldClass::Plain`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FieldPolicy {
    classes: BTreeMap<(String, String), FieldClass>,
}

impl FieldPolicy {
    /// Every field plain.
    pub fn new() -> Self {
        Self::default()
    }

    /// This policy with `table.column` in `class`.
    pub fn with(mut self, table: &str, column: &str, class: FieldClass) -> Self {
        self.classes
            .insert((table.to_owned(), column.to_owned()), class);
        self
    }

    /// The class of `table.column`.
    pub fn class(&self, table: &str, column: &str) -> FieldClass {
        // A tuple of borrowed strs cannot look up a tuple of Strings in a BTreeMap without an
        // allocation-free borrow form, and policies are small: scan.
        self.classes
            .iter()
            .find(|((t, c), _)| t == table && c == column)
            .map_or(FieldClass::Plain, |(_, class)| *class)
    }

    /// Atalaya's policy: an incident's category and location, a case's status and a review's
    /// decision are guarded. Case items and links are records of their own tables, only ever
    /// inserted, so they already merge as unions; append-only columns are for set-valued
    /// fields kept inside a record.
    pub fn atalaya() -> Self {
        const GUARDED: &[(&str, &str)] = &[
            ("incident", "category"),
            ("incident", "lon"),
            ("incident", "lat"),
            ("incident", "accuracy_m"),
            ("incident", "address"),
            ("incident", "cuadrante"),
            ("incident", "barrio"),
            ("incident", "location_precision"),
            ("case_file", "status"),
            ("review", "decision"),
        ];
        GUARDED
            .iter()
            .fold(Self::new(), |p, (t, c)| p.with(t, c, FieldClass::Guarded))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(table: &str, column: &str, expected: FieldClass) {
        assert_eq!(
            FieldPolicy::atalaya().class(table, column),
            expected,
            "{table}.{column}"
        );
    }

    #[test]
    fn atalaya_policy_guards_what_people_decide() {
        check("incident", "category", FieldClass::Guarded);
        check("incident", "lat", FieldClass::Guarded);
        check("case_file", "status", FieldClass::Guarded);
        check("review", "decision", FieldClass::Guarded);
        check("incident", "description", FieldClass::Plain);
        check("case_item", "note", FieldClass::Plain);
    }
}
