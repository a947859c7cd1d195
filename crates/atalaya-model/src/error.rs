//! Errors raised while building or parsing model values.

/// What went wrong while parsing or validating a model value.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// The taxonomy text is not valid TOML of the expected shape.
    #[error("taxonomy is not valid: {0}")]
    TaxonomySyntax(String),
    /// A category names a group the taxonomy does not define.
    #[error("taxonomy category `{category}` names unknown group `{group}`")]
    UnknownGroup {
        /// The category code.
        category: String,
        /// The group it names.
        group: String,
    },
    /// The same code appears twice.
    #[error("taxonomy defines code `{0}` twice")]
    DuplicateCode(String),
    /// A textual enum value is not one of the known values.
    #[error("`{value}` is not a valid {what}; expected one of: {expected}")]
    InvalidValue {
        /// What kind of value was parsed (e.g. "role").
        what: &'static str,
        /// The rejected text.
        value: String,
        /// The accepted values, comma separated.
        expected: &'static str,
    },
}
