//! The crate's one error type: what went wrong in decoding, validating or applying sync data.

use atalaya_model::DeviceId;

/// Everything that can fail in sync. Each variant says what was wrong and with what, so the
/// server can answer a precise refusal and the client can show it.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SyncError {
    /// The bytes end before a whole frame (header, compressed body or JSON) was read.
    #[error("truncated sync frame: {detail}")]
    Truncated {
        /// Which part was cut.
        detail: String,
    },
    /// The bytes do not start with the sync frame's magic number.
    #[error("not a sync frame (bad magic number)")]
    NotAFrame,
    /// The frame's protocol version is outside what this build reads.
    #[error("sync protocol {got} is not supported (this build reads {min}..={max})")]
    UnsupportedProtocol {
        /// Version in the frame.
        got: u16,
        /// Oldest version read.
        min: u16,
        /// Newest version read.
        max: u16,
    },
    /// A frame, or its decompressed body, is larger than the limit.
    #[error("sync payload of {size} bytes exceeds the limit of {limit} bytes ({what})")]
    Oversized {
        /// Which size: the frame or its decompressed body.
        what: &'static str,
        /// Size seen (for a body, the first byte past the limit).
        size: usize,
        /// The limit in force.
        limit: usize,
    },
    /// The compressed body is not valid zstd.
    #[error("corrupt compressed sync body: {detail}")]
    Corrupt {
        /// The decompressor's complaint.
        detail: String,
    },
    /// The body is not the JSON of the expected message.
    #[error("malformed sync message: {detail}")]
    Malformed {
        /// The parser's complaint (line and column included).
        detail: String,
    },
    /// A message could not be encoded (e.g. a non-finite real value).
    #[error("cannot encode sync message: {detail}")]
    Encode {
        /// Why.
        detail: String,
    },
    /// A push batch's first change does not carry the number the batch declares.
    #[error("push batch declares first change {declared} but starts with change {found}")]
    FirstChangeMismatch {
        /// `first_change_no` of the batch.
        declared: u64,
        /// Number of its first change.
        found: u64,
    },
    /// A push batch's change numbers go backwards.
    #[error("push batch change numbers go backwards: {found} after {previous}")]
    ChangeNumbersOutOfOrder {
        /// The number before.
        previous: u64,
        /// The smaller number that followed it.
        found: u64,
    },
    /// A push batch numbers a change 0 (change numbers start at 1).
    #[error("push batch numbers a change 0; change numbers start at 1")]
    ChangeNumberZero,
    /// One change number names fields of two records (a change entry is one record's).
    #[error("push batch change {change_no} names more than one record")]
    ChangeSpansRecords {
        /// The change number.
        change_no: u64,
    },
    /// A push batch skips changes the server has not applied yet: the client must resend
    /// from `expected`.
    #[error(
        "device {device} pushed from change {got}, but the server needs change {expected} first"
    )]
    ChangeGap {
        /// The pushing device.
        device: DeviceId,
        /// The next change number the server can apply.
        expected: u64,
        /// The batch's first change number.
        got: u64,
    },
    /// A resolution names a conflict this replica does not hold.
    #[error("no conflict {id} on this replica")]
    UnknownConflict {
        /// The conflict id.
        id: u64,
    },
}
