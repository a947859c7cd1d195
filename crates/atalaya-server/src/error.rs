//! The crate's one error type, and how each variant answers over HTTP: a status and a stable
//! `code` the client can switch on, with a message for people.

use atalaya_model::DeviceId;
use atalaya_sync::SyncError;
use std::path::PathBuf;

/// Everything that can go wrong in the server, its storage and its admin functions.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// A sync frame or batch was refused (its own code says why).
    #[error(transparent)]
    Sync(#[from] SyncError),
    /// No `Authorization: Bearer …` header.
    #[error("no device token: send `Authorization: Bearer <token>`")]
    MissingToken,
    /// The token is not one this server issued (or is malformed).
    #[error("unknown device token")]
    BadToken,
    /// The device was revoked by an administrator.
    #[error("device {device} has been revoked; ask an administrator to register it again")]
    DeviceRevoked {
        /// The revoked device.
        device: DeviceId,
    },
    /// A message names another device than the token's.
    #[error("the message is from device {claimed}, but the token is device {authenticated}'s")]
    DeviceMismatch {
        /// The token's device.
        authenticated: DeviceId,
        /// The device the message names.
        claimed: DeviceId,
    },
    /// The caller's role may not do this.
    #[error("a {role} user may not {action}")]
    Forbidden {
        /// The caller's role.
        role: &'static str,
        /// What was attempted.
        action: &'static str,
    },
    /// Wrong username or password.
    #[error("wrong username or password")]
    BadCredentials,
    /// The device id is registered to another user.
    #[error("device {device} is registered to another user")]
    DeviceTaken {
        /// The device.
        device: DeviceId,
    },
    /// The request's content type is not the endpoint's.
    #[error("content type {got:?} is not accepted here; send {expected}")]
    WrongContentType {
        /// What the endpoint reads.
        expected: &'static str,
        /// What came (empty: none).
        got: String,
    },
    /// The request body is larger than the server accepts.
    #[error("request body exceeds the limit of {limit} bytes")]
    BodyTooLarge {
        /// The limit in force.
        limit: usize,
    },
    /// The request body could not be read (the connection broke).
    #[error("request body could not be read: {detail}")]
    BodyUnreadable {
        /// Why.
        detail: String,
    },
    /// A JSON request body is not the expected shape.
    #[error("malformed JSON request: {detail}")]
    BadJson {
        /// The parser's complaint.
        detail: String,
    },
    /// A number from the client is beyond what the server stores.
    #[error("{what} {value} is out of range (at most {max})")]
    OutOfRange {
        /// Which number.
        what: &'static str,
        /// Its value.
        value: u64,
        /// The largest accepted.
        max: u64,
    },
    /// No user by that name.
    #[error("no user named {name:?}")]
    UnknownUser {
        /// The name.
        name: String,
    },
    /// A user by that name exists already.
    #[error("a user named {name:?} exists already")]
    UserExists {
        /// The name.
        name: String,
    },
    /// A username that cannot be used.
    #[error("invalid username {name:?}: 1 to 64 characters, no spaces or control characters")]
    InvalidUsername {
        /// The name.
        name: String,
    },
    /// A password too short to be one.
    #[error("a password must have at least {min} characters")]
    WeakPassword {
        /// The minimum length.
        min: usize,
    },
    /// A field user's jurisdiction must list cuadrantes.
    #[error("user {name:?} is a field user: their jurisdiction must list cuadrantes, not all")]
    FieldNeedsCuadrantes {
        /// The user.
        name: String,
    },
    /// No device with that id.
    #[error("no device {device}")]
    UnknownDevice {
        /// The device.
        device: DeviceId,
    },
    /// The database failed.
    #[error("storage error: {0}")]
    Database(#[from] rusqlite::Error),
    /// The PostgreSQL database failed.
    #[error("PostgreSQL error: {0}")]
    Postgres(#[from] postgres::Error),
    /// The database holds something this server cannot read.
    #[error("storage holds unreadable {what}: {detail}")]
    StorageCorrupt {
        /// What was being read.
        what: &'static str,
        /// Why it could not be.
        detail: String,
    },
    /// A file or socket operation failed.
    #[error("{action} {path}: {source}")]
    Io {
        /// What was being done.
        action: &'static str,
        /// On which path or address.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// No such endpoint (or not with this method).
    #[error("no endpoint {method} {path}")]
    NoSuchEndpoint {
        /// The request's method.
        method: String,
        /// The request's path.
        path: String,
    },
    /// The endpoint exists, but not with this method.
    #[error("{path} does not answer {method}")]
    MethodNotAllowed {
        /// The request's method.
        method: String,
        /// The request's path.
        path: String,
    },
    /// A device id in a path that is not a UUID.
    #[error("{value:?} is not a device id (a UUID)")]
    InvalidDeviceId {
        /// What came.
        value: String,
    },
    /// A TLS certificate or key could not be read, made or used.
    #[error("TLS {path}: {detail}")]
    Tls {
        /// The certificate or key file.
        path: PathBuf,
        /// What is wrong with it.
        detail: String,
    },
    /// Text that is not a SHA-256 certificate fingerprint.
    #[error("{value:?} is not a SHA-256 fingerprint (32 hex bytes, colons allowed)")]
    InvalidFingerprint {
        /// What came.
        value: String,
    },
    /// A `--tls` value that is none of the accepted forms.
    #[error("invalid TLS setting {value:?}: expected self-signed, off, or CERT,KEY (PEM files)")]
    InvalidTlsSetting {
        /// What came.
        value: String,
    },
    /// Plain HTTP may only listen on loopback: anywhere else tokens would cross the network
    /// in clear.
    #[error("refusing plain HTTP on {addr}: without TLS the server listens on loopback only")]
    PlainHttpOffLoopback {
        /// The address asked for.
        addr: std::net::SocketAddr,
    },
    /// Password hashing or randomness failed.
    #[error("crypto failure: {detail}")]
    Crypto {
        /// Why.
        detail: String,
    },
    /// A server task failed (a panic or a cancelled blocking task).
    #[error("internal error: {detail}")]
    Internal {
        /// What failed.
        detail: String,
    },
}

impl ServerError {
    /// The stable code clients switch on.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Sync(e) => sync_code(e),
            Self::MissingToken => "missing_token",
            Self::BadToken => "bad_token",
            Self::DeviceRevoked { .. } => "device_revoked",
            Self::DeviceMismatch { .. } => "device_mismatch",
            Self::Forbidden { .. } => "forbidden",
            Self::BadCredentials => "bad_credentials",
            Self::DeviceTaken { .. } => "device_taken",
            Self::WrongContentType { .. } => "wrong_content_type",
            Self::BodyTooLarge { .. } => "body_too_large",
            Self::BodyUnreadable { .. } => "body_unreadable",
            Self::BadJson { .. } => "malformed_json",
            Self::OutOfRange { .. } => "out_of_range",
            Self::UnknownUser { .. } => "unknown_user",
            Self::UserExists { .. } => "user_exists",
            Self::InvalidUsername { .. } => "invalid_username",
            Self::WeakPassword { .. } => "weak_password",
            Self::FieldNeedsCuadrantes { .. } => "field_needs_cuadrantes",
            Self::UnknownDevice { .. } => "unknown_device",
            Self::Database(_) | Self::Postgres(_) | Self::StorageCorrupt { .. } => "storage",
            Self::Io { .. } => "io",
            Self::NoSuchEndpoint { .. } => "no_such_endpoint",
            Self::MethodNotAllowed { .. } => "method_not_allowed",
            Self::InvalidDeviceId { .. } => "invalid_device_id",
            Self::Tls { .. } => "tls",
            Self::InvalidFingerprint { .. } => "invalid_fingerprint",
            Self::InvalidTlsSetting { .. } => "invalid_tls_setting",
            Self::PlainHttpOffLoopback { .. } => "plain_http_off_loopback",
            Self::Crypto { .. } => "crypto",
            Self::Internal { .. } => "internal",
        }
    }

    /// The HTTP status it answers with.
    pub fn status(&self) -> u16 {
        match self {
            Self::Sync(SyncError::Oversized { .. }) | Self::BodyTooLarge { .. } => 413,
            Self::Sync(SyncError::ChangeGap { .. }) => 409,
            Self::Sync(SyncError::Encode { .. }) => 500,
            Self::Sync(_) | Self::BodyUnreadable { .. } | Self::BadJson { .. } => 400,
            Self::OutOfRange { .. } | Self::InvalidUsername { .. } => 400,
            Self::WeakPassword { .. } | Self::FieldNeedsCuadrantes { .. } => 400,
            Self::MissingToken | Self::BadToken | Self::BadCredentials => 401,
            Self::DeviceRevoked { .. } | Self::DeviceMismatch { .. } | Self::Forbidden { .. } => {
                403
            }
            Self::UnknownUser { .. } | Self::UnknownDevice { .. } => 404,
            Self::NoSuchEndpoint { .. } => 404,
            Self::MethodNotAllowed { .. } => 405,
            Self::InvalidDeviceId { .. } => 400,
            Self::InvalidFingerprint { .. } | Self::InvalidTlsSetting { .. } => 400,
            Self::Tls { .. } => 500,
            Self::PlainHttpOffLoopback { .. } => 500,
            Self::DeviceTaken { .. } | Self::UserExists { .. } => 409,
            Self::WrongContentType { .. } => 415,
            Self::Database(_) | Self::Postgres(_) | Self::StorageCorrupt { .. } => 500,
            Self::Io { .. } => 500,
            Self::Crypto { .. } | Self::Internal { .. } => 500,
        }
    }
}

fn sync_code(e: &SyncError) -> &'static str {
    match e {
        SyncError::Truncated { .. } => "truncated",
        SyncError::NotAFrame => "not_a_frame",
        SyncError::UnsupportedProtocol { .. } => "unsupported_protocol",
        SyncError::Oversized { .. } => "oversized",
        SyncError::Corrupt { .. } => "corrupt",
        SyncError::Malformed { .. } => "malformed",
        SyncError::Encode { .. } => "encode",
        SyncError::FirstChangeMismatch { .. } => "first_change_mismatch",
        SyncError::ChangeNumbersOutOfOrder { .. } => "change_numbers_out_of_order",
        SyncError::ChangeNumberZero => "change_number_zero",
        SyncError::ChangeSpansRecords { .. } => "change_spans_records",
        SyncError::ChangeGap { .. } => "change_gap",
        SyncError::UnknownConflict { .. } => "unknown_conflict",
    }
}
