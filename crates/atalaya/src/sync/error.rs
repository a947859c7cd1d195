//! What can go wrong while syncing, with what a person can do about it.

/// A sync failure. Nothing local is lost by any of them: the outbox keeps every unsettled
/// edit and the cursor only moves with an applied page.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// The store refused or failed.
    #[error(transparent)]
    Store(#[from] atalaya_store::StoreError),
    /// The store was closed (locked) while a session ran; run it again once it is open.
    #[error("the store was closed during the sync session: open it and sync again")]
    StoreClosed,
    /// No server URL was given and none is remembered.
    #[error("no sync server: give one with --server URL (it is remembered for next time)")]
    NoServer,
    /// No fingerprint was given and the system's certificate authorities cannot be read.
    #[error(
        "{url} uses TLS and {detail}: give the certificate fingerprint that `atalaya serve` printed with --fingerprint HEX"
    )]
    NoTrustedAuthorities {
        /// The server URL.
        url: String,
        /// Why.
        detail: String,
    },
    /// The server's certificate is neither the pinned one nor signed by a trusted authority.
    #[error(
        "the certificate of {url} is not trusted ({detail}): give the fingerprint that `atalaya serve` printed with --fingerprint HEX, or have an authority this workstation trusts sign it"
    )]
    UntrustedCertificate {
        /// The server URL.
        url: String,
        /// What TLS said.
        detail: String,
    },
    /// The fingerprint text is not one.
    #[error("invalid certificate fingerprint `{value}`: expected 64 hex digits (colons allowed)")]
    BadFingerprint {
        /// What was given.
        value: String,
    },
    /// The device has no token and no user was given to register it.
    #[error(
        "this workstation is not registered with {url}: run `atalaya sync --user NAME` once (password from ATALAYA_USER_PASSWORD or standard input)"
    )]
    NotRegistered {
        /// The server URL.
        url: String,
    },
    /// The user's password is needed and was not given.
    #[error("no password for {user}: set ATALAYA_USER_PASSWORD or pipe it on standard input")]
    PasswordRequired {
        /// The user.
        user: String,
    },
    /// The server is newer: this program must be updated before it syncs.
    #[error(
        "please update Atalaya: the server speaks protocol {oldest}+ and store schema {server_schema}, this program protocol {client_protocol} and schema {client_schema}; nothing was sent or changed locally"
    )]
    PleaseUpdate {
        /// Oldest protocol the server reads.
        oldest: u16,
        /// The server's schema.
        server_schema: u32,
        /// This program's protocol.
        client_protocol: u16,
        /// This program's schema.
        client_schema: u32,
    },
    /// The server is older: it must be updated first.
    #[error(
        "the sync server is older than this program (it reads protocol up to {newest}, schema {server_schema}): ask its administrator to update it; nothing was sent or changed locally"
    )]
    ServerTooOld {
        /// Newest protocol the server reads.
        newest: u16,
        /// The server's schema.
        server_schema: u32,
    },
    /// The server refused a request.
    #[error("the sync server refused {what} ({status} {code}): {message}")]
    Refused {
        /// Which request.
        what: &'static str,
        /// HTTP status.
        status: u16,
        /// The server's error code.
        code: String,
        /// The server's message.
        message: String,
    },
    /// The server could not be reached, even after retries.
    #[error("cannot reach the sync server at {url} after {attempts} attempts: {detail}")]
    Unreachable {
        /// The server URL.
        url: String,
        /// How many times it was tried.
        attempts: u32,
        /// The last failure.
        detail: String,
    },
    /// An answer was not what the protocol says.
    #[error("the sync server's answer to {what} is unreadable: {detail}")]
    BadAnswer {
        /// Which request.
        what: &'static str,
        /// Why.
        detail: String,
    },
    /// The local sync bookkeeping is damaged.
    #[error("the store's sync bookkeeping is damaged: {detail}")]
    Bookkeeping {
        /// What was wrong.
        detail: String,
    },
    /// No such conflict here.
    #[error("no conflict {id} in this store: list them with `atalaya conflicts`")]
    UnknownConflict {
        /// The id asked for.
        id: u64,
    },
    /// The conflict is resolved already.
    #[error("conflict {id} is already resolved")]
    AlreadyResolved {
        /// The id.
        id: u64,
    },
    /// `mine`/`theirs` does not name one side.
    #[error(
        "conflict {id} is between two other workstations' edits (or two of this one's): choose the value itself with --keep VALUE"
    )]
    AmbiguousSide {
        /// The id.
        id: u64,
    },
    /// A typed value for one part of a whole that other open conflicts of the record share
    /// (an incident's place): the whole is kept from one side.
    #[error(
        "conflict {id} is about {column}, one part of this record's {whole} that conflicts {others} also dispute: keep mine or theirs for the whole {whole}"
    )]
    PartOfWhole {
        /// The id.
        id: u64,
        /// Its column.
        column: String,
        /// What the parts make up (`place`).
        whole: &'static str,
        /// The other open conflicts of that whole, comma separated.
        others: String,
    },
    /// A typed value does not fit the field.
    #[error("`{value}` is not a valid value for {column}")]
    BadValue {
        /// The column.
        column: String,
        /// The value typed.
        value: String,
    },
    /// A record of a table this program does not know.
    #[error("the table {table} is not synced by this program")]
    UnknownTable {
        /// The table (or table.column).
        table: String,
    },
}

impl SyncError {
    pub(crate) fn bookkeeping(e: impl std::fmt::Display) -> Self {
        Self::Bookkeeping {
            detail: e.to_string(),
        }
    }

    /// A stable code for scripts and the UI.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Store(_) => "store",
            Self::StoreClosed => "store_locked",
            Self::NoServer => "no_server",
            Self::NoTrustedAuthorities { .. }
            | Self::UntrustedCertificate { .. }
            | Self::BadFingerprint { .. } => "fingerprint",
            Self::NotRegistered { .. } => "not_registered",
            Self::PasswordRequired { .. } => "password_required",
            Self::PleaseUpdate { .. } => "please_update",
            Self::ServerTooOld { .. } => "server_too_old",
            Self::Refused { .. } => "refused",
            Self::Unreachable { .. } => "unreachable",
            Self::BadAnswer { .. } => "bad_answer",
            Self::Bookkeeping { .. } => "internal",
            Self::UnknownConflict { .. } => "not_found",
            Self::AlreadyResolved { .. } => "already_resolved",
            Self::AmbiguousSide { .. }
            | Self::PartOfWhole { .. }
            | Self::BadValue { .. }
            | Self::UnknownTable { .. } => "invalid_argument",
        }
    }
}
