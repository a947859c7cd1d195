//! The standard crime taxonomy: groups and categories with stable codes and es/en labels.
//!
//! The taxonomy is data (`assets/taxonomy.toml`); [`Taxonomy::standard`] embeds the shipped file
//! at compile time so every binary agrees on it.

use serde::{Deserialize, Serialize};
use std::collections::HashSet;

use crate::ModelError;

/// A top-level group (e.g. delitos de mayor connotación social).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryGroup {
    /// Stable code, e.g. `dmcs`.
    pub code: String,
    /// Spanish label.
    pub es: String,
    /// English label.
    pub en: String,
}

/// One standard category; every source category maps to exactly one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Category {
    /// Stable code, e.g. `dmcs.robo_violencia`.
    pub code: String,
    /// The group code this category belongs to.
    pub group: String,
    /// Spanish label.
    pub es: String,
    /// English label.
    pub en: String,
}

/// The full taxonomy, in file order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Taxonomy {
    /// Format version of the taxonomy file.
    pub version: u32,
    /// Groups in display order.
    #[serde(rename = "group")]
    pub groups: Vec<CategoryGroup>,
    /// Categories in display order.
    #[serde(rename = "category")]
    pub categories: Vec<Category>,
}

const STANDARD_TOML: &str = include_str!("../../../assets/taxonomy.toml");

impl Taxonomy {
    /// The taxonomy shipped in `assets/taxonomy.toml`.
    pub fn standard() -> Self {
        // The shipped file is validated by this crate's tests, so parsing cannot fail at run time.
        Self::parse(STANDARD_TOML).expect("assets/taxonomy.toml is valid (checked by tests)")
    }

    /// Parse and validate a taxonomy from TOML text.
    pub fn parse(text: &str) -> Result<Self, ModelError> {
        let tax: Taxonomy =
            toml::from_str(text).map_err(|e| ModelError::TaxonomySyntax(e.to_string()))?;
        let mut seen = HashSet::new();
        for g in &tax.groups {
            if !seen.insert(g.code.clone()) {
                return Err(ModelError::DuplicateCode(g.code.clone()));
            }
        }
        let groups: HashSet<&str> = tax.groups.iter().map(|g| g.code.as_str()).collect();
        for c in &tax.categories {
            if !groups.contains(c.group.as_str()) {
                return Err(ModelError::UnknownGroup {
                    category: c.code.clone(),
                    group: c.group.clone(),
                });
            }
            if !seen.insert(c.code.clone()) {
                return Err(ModelError::DuplicateCode(c.code.clone()));
            }
        }
        Ok(tax)
    }

    /// Look a category up by code.
    pub fn category(&self, code: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.code == code)
    }

    /// Look a group up by code.
    pub fn group(&self, code: &str) -> Option<&CategoryGroup> {
        self.groups.iter().find(|g| g.code == code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_taxonomy_has_the_official_groups() {
        let t = Taxonomy::standard();
        let groups: Vec<&str> = t.groups.iter().map(|g| g.code.as_str()).collect();
        assert_eq!(groups, ["dmcs", "vif", "inc", "ley", "otr"]);
        assert_eq!(
            t.category("dmcs.robo_violencia").unwrap().es,
            "Robo con violencia o intimidación"
        );
        assert_eq!(t.categories.len(), 22);
    }

    #[test]
    fn rejects_unknown_group_and_duplicates() {
        let bad = "version = 1\n[[group]]\ncode='a'\nes='A'\nen='A'\n[[category]]\ncode='x'\ngroup='b'\nes='X'\nen='X'\n";
        assert!(matches!(
            Taxonomy::parse(bad),
            Err(ModelError::UnknownGroup { .. })
        ));
        let dup = "version = 1\n[[group]]\ncode='a'\nes='A'\nen='A'\n[[category]]\ncode='a'\ngroup='a'\nes='X'\nen='X'\n";
        assert!(matches!(Taxonomy::parse(dup), Err(ModelError::DuplicateCode(c)) if c == "a"));
    }
}
