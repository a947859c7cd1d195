//! Everything that can go wrong in the store, with the context a user needs to act.

use std::path::PathBuf;

/// A store error.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// No store file at the path.
    #[error("no Atalaya store at {path}: create one with `atalaya init` (or `atalaya demo`)")]
    NotFound {
        /// The path looked at.
        path: PathBuf,
    },
    /// A store already exists where a new one was to be created.
    #[error("a store already exists at {path}; choose another path or remove it first")]
    AlreadyExists {
        /// The path.
        path: PathBuf,
    },
    /// The key-info file beside the store is missing or unreadable.
    #[error(
        "the key file {path} is missing or damaged ({reason}); without it the store cannot be unlocked — restore it from a backup"
    )]
    KeyInfo {
        /// The key-info path.
        path: PathBuf,
        /// What was wrong.
        reason: String,
    },
    /// The passphrase does not unwrap the key.
    #[error("wrong passphrase for {path}: the store was not opened and nothing was changed")]
    WrongPassphrase {
        /// The store path.
        path: PathBuf,
    },
    /// The key does not decrypt the database.
    #[error(
        "the key does not open {path}: it is not this store's key, or the file is not an Atalaya store"
    )]
    WrongKey {
        /// The store path.
        path: PathBuf,
    },
    /// The store is passphrase-protected and no passphrase was given.
    #[error(
        "{path} is protected by a passphrase: set ATALAYA_PASSPHRASE or pass --passphrase-stdin"
    )]
    PassphraseRequired {
        /// The store path.
        path: PathBuf,
    },
    /// No keyring and no passphrase.
    #[error(
        "no OS keyring is available ({reason}); set ATALAYA_PASSPHRASE or pass --passphrase-stdin to protect the store with a passphrase instead"
    )]
    KeyringUnavailable {
        /// Why the keyring could not be used.
        reason: String,
    },
    /// The keyring has no key for this store.
    #[error(
        "the OS keyring has no key for store {store_id} ({path}); if the store also has a passphrase, set ATALAYA_PASSPHRASE"
    )]
    KeyNotInKeyring {
        /// The store's id.
        store_id: String,
        /// The store path.
        path: PathBuf,
    },
    /// The keyring refused an operation.
    #[error("the OS keyring failed: {0}")]
    Keyring(String),
    /// The database's schema is newer than this program.
    #[error(
        "{path} has schema version {found}, newer than this program's {supported}: update Atalaya"
    )]
    SchemaTooNew {
        /// The store path.
        path: PathBuf,
        /// Version in the file.
        found: i64,
        /// Newest version this program knows.
        supported: i64,
    },
    /// A value in the database is not what the schema promises.
    #[error("stored value in {table}.{column} is invalid: {reason}")]
    Corrupt {
        /// Table.
        table: &'static str,
        /// Column.
        column: &'static str,
        /// What was wrong.
        reason: String,
    },
    /// A query argument is invalid.
    #[error("invalid filter: {0}")]
    InvalidFilter(String),
    /// A record to update or delete does not exist.
    #[error("no {table} record with id {id}")]
    NoSuchRecord {
        /// Table.
        table: &'static str,
        /// Id as text.
        id: String,
    },
    /// A file-system operation failed.
    #[error("{action} {path}: {source}")]
    Io {
        /// What was being done.
        action: &'static str,
        /// The path.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A backup file is not a valid store backup.
    #[error("{path} is not a valid Atalaya backup: {reason}")]
    BadBackup {
        /// The backup path.
        path: PathBuf,
        /// What was wrong.
        reason: String,
    },
    /// SQLite/SQLCipher failed.
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// Cryptographic failure outside of a wrong passphrase.
    #[error("key protection failed: {0}")]
    Crypto(String),
}

impl StoreError {
    /// Whether a write failed because another record holds a value that must be unique (a
    /// source's name, a camera's code). SQLite undid only the failing statement.
    pub fn is_unique_violation(&self) -> bool {
        matches!(
            self,
            Self::Sqlite(rusqlite::Error::SqliteFailure(e, _))
                if e.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
        )
    }

    pub(crate) fn io(
        action: &'static str,
        path: impl Into<PathBuf>,
    ) -> impl FnOnce(std::io::Error) -> Self {
        let path = path.into();
        move |source| Self::Io {
            action,
            path,
            source,
        }
    }
}
