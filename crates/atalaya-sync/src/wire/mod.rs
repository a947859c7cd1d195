//! What travels between a workstation and the server: versioned, serde-encoded messages, and
//! their framing (`codec`). Every type here is plain data; the logic lives in `merge`,
//! `server_state` and `client_state`.

mod codec;
mod conflict;
mod field;
mod pull;
mod push;
mod stamp;
mod value;
mod version;

pub use codec::{FRAME_MAGIC, Limits, decode, encode, frame_protocol};
pub use conflict::{Conflict, ConflictId};
pub use field::{Field, Item, Versioned};
pub use pull::{Cursor, DELETED, DELETED_COLUMN, DeviceAuthor, PullPage, PullRequest, RowState};
pub use push::{FieldChange, PushAck, PushBatch, Refusal, RefusalReason};
pub use stamp::Stamp;
pub use value::{RowId, RowRef, WireValue};
pub use version::{Hello, HelloAnswer, ProtocolVersion, SchemaVersion, ServerVersions};
