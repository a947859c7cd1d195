//! Version negotiation: a client says which protocol and store schema it speaks before any
//! data moves, and an old client is told to update instead of receiving data it cannot read.
//!
//! The `Hello` and `HelloAnswer` shapes are frozen: every protocol version must read them.

use atalaya_model::DeviceId;
use serde::{Deserialize, Serialize};

/// The sync protocol's version (the shape of the wire messages and their framing).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ProtocolVersion(pub u16);

impl ProtocolVersion {
    /// The version this build speaks.
    pub const CURRENT: Self = Self(1);
    /// The oldest version this build still reads.
    pub const OLDEST: Self = Self(1);
}

/// The store schema version (`PRAGMA user_version`, the number of applied migrations): which
/// tables and columns a replica can hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SchemaVersion(pub u32);

/// The first message of every session.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hello {
    /// The client's device.
    pub device: DeviceId,
    /// Protocol the client speaks.
    pub protocol: ProtocolVersion,
    /// The client's store schema.
    pub schema: SchemaVersion,
    /// The client application's version, for the server's logs and messages.
    pub app_version: String,
}

/// What a server speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ServerVersions {
    /// Oldest protocol it reads.
    pub oldest_protocol: ProtocolVersion,
    /// Newest protocol it reads.
    pub newest_protocol: ProtocolVersion,
    /// Its schema.
    pub schema: SchemaVersion,
}

/// The server's answer to a [`Hello`]: go on, or a typed refusal the client shows as is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "answer", rename_all = "snake_case")]
pub enum HelloAnswer {
    /// Versions agree: the session goes on with this protocol.
    Ok {
        /// Protocol for the rest of the session.
        protocol: ProtocolVersion,
        /// The shared schema.
        schema: SchemaVersion,
    },
    /// The client is older than the server: it must be updated before it syncs (it keeps
    /// its data and its outbox meanwhile).
    PleaseUpdate {
        /// Oldest protocol the server reads.
        oldest_protocol: ProtocolVersion,
        /// The server's schema.
        server_schema: SchemaVersion,
    },
    /// The client is newer than the server: the server must be updated first.
    ServerTooOld {
        /// Newest protocol the server reads.
        newest_protocol: ProtocolVersion,
        /// The server's schema.
        server_schema: SchemaVersion,
    },
}

impl ServerVersions {
    /// What this build of the server speaks, with its store schema.
    pub fn current(schema: SchemaVersion) -> Self {
        Self {
            oldest_protocol: ProtocolVersion::OLDEST,
            newest_protocol: ProtocolVersion::CURRENT,
            schema,
        }
    }

    /// The answer to a client's hello. Schemas must be equal: an older client could not read
    /// the newer columns it would be sent, and a newer one would push columns the server
    /// cannot store.
    pub fn answer(&self, hello: &Hello) -> HelloAnswer {
        let too_old = hello.protocol < self.oldest_protocol || hello.schema < self.schema;
        let too_new = hello.protocol > self.newest_protocol || hello.schema > self.schema;
        if too_old {
            HelloAnswer::PleaseUpdate {
                oldest_protocol: self.oldest_protocol,
                server_schema: self.schema,
            }
        } else if too_new {
            HelloAnswer::ServerTooOld {
                newest_protocol: self.newest_protocol,
                server_schema: self.schema,
            }
        } else {
            HelloAnswer::Ok {
                protocol: hello.protocol,
                schema: self.schema,
            }
        }
    }
}
