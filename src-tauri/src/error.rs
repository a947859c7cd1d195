//! The error every command returns, serialized as `{ code, message }`.
//!
//! The UI switches on `code` (stable, from `atalaya::Error::code()` or the few shell-level codes
//! below) and never on `message`, which is for people and may change.

use std::collections::BTreeMap;

use serde::Serialize;

/// A failed command, as the UI receives it.
#[derive(Debug, Clone, Serialize, thiserror::Error)]
#[error("{message}")]
pub struct CommandError {
    code: &'static str,
    message: String,
    /// Facts the UI words itself (`header`, `column`, `file`, `row`), from
    /// `atalaya::Error::details`; absent when there are none.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    details: BTreeMap<&'static str, String>,
}

impl CommandError {
    /// A command that needs the store ran before `unlock` succeeded.
    pub fn store_locked() -> Self {
        Self {
            code: "store_locked",
            message: "the store is locked: unlock it first".to_owned(),
            details: BTreeMap::new(),
        }
    }

    /// The UI sent a newer request on the same channel before this one started: its answer
    /// would be discarded, so it was not computed.
    pub fn superseded(channel: &str) -> Self {
        Self {
            code: "superseded",
            message: format!("a newer {channel} request replaced this one"),
            details: BTreeMap::new(),
        }
    }

    /// The shell itself failed (a worker thread panicked or was cancelled).
    pub fn internal(what: impl std::fmt::Display) -> Self {
        Self {
            code: "internal",
            message: what.to_string(),
            details: BTreeMap::new(),
        }
    }

    /// An import was asked for while another one is still running in this window.
    pub fn import_running() -> Self {
        Self {
            code: "import_running",
            message: "an import is already running: wait for it or cancel it".to_owned(),
            details: BTreeMap::new(),
        }
    }

    /// An analysis was asked for while another one is still running in this window.
    pub fn analysis_running() -> Self {
        Self {
            code: "analysis_running",
            message: "an analysis is already running: wait for it or cancel it".to_owned(),
            details: BTreeMap::new(),
        }
    }

    /// An export of the result was asked for before any analysis finished.
    pub fn no_analysis() -> Self {
        Self {
            code: "no_analysis",
            message: "no analysis result to save: run an analysis first".to_owned(),
            details: BTreeMap::new(),
        }
    }

    /// The stable code the UI switches on.
    pub fn code(&self) -> &'static str {
        self.code
    }
}

impl From<atalaya::Error> for CommandError {
    fn from(error: atalaya::Error) -> Self {
        Self {
            code: error.code(),
            message: error.to_string(),
            details: error.details().into_iter().collect(),
        }
    }
}
