//! The error every command returns, serialized as `{ code, message }`.
//!
//! The UI switches on `code` (stable, from `atalaya::Error::code()` or the few shell-level codes
//! below) and never on `message`, which is for people and may change.

use serde::Serialize;

/// A failed command, as the UI receives it.
#[derive(Debug, Serialize, thiserror::Error)]
#[error("{message}")]
pub struct CommandError {
    code: &'static str,
    message: String,
}

impl CommandError {
    /// A command that needs the store ran before `unlock` succeeded.
    pub fn store_locked() -> Self {
        Self {
            code: "store_locked",
            message: "the store is locked: unlock it first".to_owned(),
        }
    }

    /// The UI sent a newer request on the same channel before this one started: its answer
    /// would be discarded, so it was not computed.
    pub fn superseded(channel: &str) -> Self {
        Self {
            code: "superseded",
            message: format!("a newer {channel} request replaced this one"),
        }
    }

    /// The shell itself failed (a worker thread panicked or was cancelled).
    pub fn internal(what: impl std::fmt::Display) -> Self {
        Self {
            code: "internal",
            message: what.to_string(),
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
        }
    }
}
