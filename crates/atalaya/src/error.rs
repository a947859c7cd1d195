//! The API's error: a message a person can act on, and a stable code a program can switch on.

use atalaya_store::StoreError;

/// Anything the API can refuse or fail at.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The store refused or failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// An argument is not valid; says what was expected.
    #[error("invalid {what} `{value}`: expected {expected}")]
    InvalidArgument {
        /// Which argument.
        what: &'static str,
        /// The rejected value.
        value: String,
        /// What would have been accepted.
        expected: String,
    },
    /// The store already holds demo data.
    #[error(
        "the store already holds demo data ({incidents} incidents); use a new --db path for another demo"
    )]
    DemoAlreadyLoaded {
        /// Incidents present.
        incidents: u64,
    },
    /// Writing an output file failed.
    #[error("{action} {path}: {source}")]
    Io {
        /// What was being done.
        action: &'static str,
        /// The path.
        path: std::path::PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A profile or source file could not be used.
    #[error(transparent)]
    Ingest(#[from] atalaya_ingest::IngestError),
    /// A quarantined row cannot be accepted as it is.
    #[error(
        "row {id} cannot be accepted as it is ({reason}); fix it with `atalaya quarantine fix {id} --set FIELD=VALUE`"
    )]
    CannotAccept {
        /// The raw record.
        id: String,
        /// The fault that remains.
        reason: String,
    },
    /// The operation was cancelled by the caller.
    #[error("cancelled")]
    Cancelled,
    /// The user this workstation syncs as may not do this (the server would refuse it).
    #[error(
        "a {role} may not {action}: the server accepts this from supervisors and administrators only"
    )]
    RoleRequired {
        /// The synced user's role.
        role: String,
        /// What was refused (`review a case`).
        action: &'static str,
    },
    /// A case action that does not apply in the case's status (someone else may have moved it).
    #[error(
        "case {case} is {status}, so `{action}` does not apply to it now (see `atalaya case show {case}`)"
    )]
    CaseState {
        /// The case id.
        case: String,
        /// Its status now.
        status: &'static str,
        /// The action refused (`submit`, `review`, `close`, `reopen`, `add`).
        action: &'static str,
    },
    /// A tiles file (base map) could not be used or written.
    #[error(transparent)]
    Tiles(#[from] atalaya_tiles::TilesError),
    /// Sync with the server failed or was refused.
    #[error(transparent)]
    Sync(#[from] crate::sync::SyncError),
}

impl Error {
    /// A stable, machine-readable code (the UI and scripts switch on this, never on the message).
    pub fn code(&self) -> &'static str {
        match self {
            Self::Store(e) => match e {
                StoreError::NotFound { .. } => "store_not_found",
                StoreError::AlreadyExists { .. } => "store_exists",
                StoreError::KeyInfo { .. } => "key_file_damaged",
                StoreError::WrongPassphrase { .. } => "wrong_passphrase",
                StoreError::WrongKey { .. } => "wrong_key",
                StoreError::PassphraseRequired { .. } => "passphrase_required",
                StoreError::KeyringUnavailable { .. } => "keyring_unavailable",
                StoreError::KeyNotInKeyring { .. } => "key_not_in_keyring",
                StoreError::Keyring(_) => "keyring_failed",
                StoreError::SchemaTooNew { .. } => "schema_too_new",
                StoreError::InvalidFilter(_) => "invalid_argument",
                StoreError::NoSuchRecord { .. } => "not_found",
                StoreError::BadBackup { .. } => "bad_backup",
                StoreError::Io { .. } => "io",
                StoreError::Corrupt { .. } | StoreError::Sqlite(_) | StoreError::Crypto(_) => {
                    "internal"
                }
            },
            Self::InvalidArgument { .. } => "invalid_argument",
            Self::DemoAlreadyLoaded { .. } => "demo_already_loaded",
            Self::Ingest(e) => match e {
                atalaya_ingest::IngestError::UnknownProfile { .. } => "invalid_argument",
                atalaya_ingest::IngestError::Io { .. } => "io",
                atalaya_ingest::IngestError::ProfileSyntax { .. }
                | atalaya_ingest::IngestError::ProfileValue { .. } => "invalid_profile",
                atalaya_ingest::IngestError::MissingColumn { .. }
                | atalaya_ingest::IngestError::NoProfileMatches { .. } => "profile_mismatch",
                atalaya_ingest::IngestError::NoHeader { .. } => "empty_file",
                atalaya_ingest::IngestError::RowTooLong { .. }
                | atalaya_ingest::IngestError::Malformed { .. } => "bad_file",
            },
            Self::CannotAccept { .. } => "cannot_accept",
            Self::Io { .. } => "io",
            Self::Cancelled => "cancelled",
            Self::CaseState { .. } => "case_state",
            Self::RoleRequired { .. } => "role_required",
            Self::Tiles(e) => tiles_code(e),
            Self::Sync(e) => e.code(),
        }
    }

    /// The facts behind the error that a UI words in its own language, by name: `file`,
    /// `header` (the columns found, comma separated), `column` (one the profile needs), `row`.
    pub fn details(&self) -> Vec<(&'static str, String)> {
        use atalaya_ingest::IngestError as E;
        match self {
            Self::Ingest(E::NoProfileMatches { file, header }) => {
                vec![("file", file.clone()), ("header", header.clone())]
            }
            Self::Ingest(E::MissingColumn {
                file,
                column,
                header,
                ..
            }) => vec![
                ("file", file.clone()),
                ("column", column.clone()),
                ("header", header.clone()),
            ],
            Self::Ingest(E::NoHeader { file }) => vec![("file", file.clone())],
            Self::RoleRequired { role, .. } => vec![("role", role.clone())],
            Self::CaseState { status, action, .. } => {
                vec![
                    ("status", (*status).to_owned()),
                    ("action", (*action).to_owned()),
                ]
            }
            // The UI words the parameter and value itself (the `expected` text is English).
            Self::InvalidArgument { what, value, .. } => {
                vec![("what", (*what).to_owned()), ("value", value.clone())]
            }
            Self::Ingest(E::RowTooLong { file, row, .. }) => {
                vec![("file", file.clone()), ("row", row.to_string())]
            }
            Self::Ingest(E::Malformed { file, row, .. }) => {
                let mut out = vec![("file", file.clone())];
                out.extend(row.map(|r| ("row", r.to_string())));
                out
            }
            _ => Vec::new(),
        }
    }

    /// True when the caller asked for something malformed (a CLI exits 2 for these).
    pub fn is_usage(&self) -> bool {
        self.code() == "invalid_argument"
    }

    pub(crate) fn invalid(
        what: &'static str,
        value: impl Into<String>,
        expected: impl Into<String>,
    ) -> Self {
        Self::InvalidArgument {
            what,
            value: value.into(),
            expected: expected.into(),
        }
    }
}

/// The codes of a base map file the user chose; the UI explains each in Spanish and English.
fn tiles_code(error: &atalaya_tiles::TilesError) -> &'static str {
    use atalaya_tiles::TilesError as T;
    match error {
        T::Io { source, .. } if source.kind() == std::io::ErrorKind::NotFound => {
            "basemap_not_found"
        }
        T::Io { .. } | T::Write { .. } => "io",
        T::Empty { .. } => "basemap_empty",
        T::NotTiles { .. } | T::NotMbTiles { .. } => "basemap_not_tiles",
        T::TruncatedHeader { .. } | T::Truncated { .. } => "basemap_truncated",
        T::Corrupt { .. } => "basemap_corrupt",
        T::UnsupportedPmTilesVersion { .. } => "basemap_unsupported_version",
        T::RasterTiles { .. } => "basemap_raster",
        T::UnsupportedTileType { .. } | T::UnsupportedCompression { .. } => "basemap_unsupported",
        T::InvalidTile { .. } => "invalid_argument",
    }
}
