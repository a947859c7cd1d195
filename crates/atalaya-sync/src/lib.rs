//! Sync between workstations and the central server: the wire protocol, per-field merge rules
//! with conflict records for guarded fields, the server's sync rules (generic over where its
//! state lives, with an in-memory model), and the client's replica engine. No I/O here beyond
//! what a caller hands in: the HTTP server, the HTTP client and the store integration live
//! elsewhere and plug into these types.
//!
//! - [`wire`]: what travels, and its framing (`encode`/`decode`: JSON, zstd, size limits).
//! - [`merge`]: the per-field rules (plain, guarded, append-only) every replica applies alike.
//! - [`server_state`]: what the server does with a push or a pull (atomic batches, server
//!   sequence, per-device idempotency, scope filtering, evictions), over any [`ServerStore`].
//! - [`client_state`]: a replica: local edits, the outbox, push batches, acks and pulled pages.
//!
//! [`ServerStore`]: server_state::ServerStore
#![deny(missing_docs)]

pub mod client_state;
pub mod error;
pub mod merge;
pub mod server_state;
pub mod wire;

pub use error::SyncError;
