//! How a server is started: where it listens, where its data lives, which database, TLS, the
//! store schema it serves and the request limits.

use atalaya_sync::wire::SchemaVersion;
use std::net::SocketAddr;
use std::path::PathBuf;

/// Which database holds the server's state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Database {
    /// A SQLite file in the data directory (the embedded default).
    Sqlite,
    /// A PostgreSQL database (`postgres://…`), for several server processes behind a load
    /// balancer.
    Postgres {
        /// Connection URL.
        url: String,
    },
}

impl Database {
    /// From `--database`: none is SQLite; a `postgres://` or `postgresql://` URL PostgreSQL.
    pub fn from_url(url: Option<&str>) -> Self {
        match url {
            Some(url) => Self::Postgres { url: url.into() },
            None => Self::Sqlite,
        }
    }
}

/// Where the state lives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StorageConfig {
    /// The data directory (the SQLite file, and the TLS certificate once there is one).
    pub data_dir: PathBuf,
    /// The database.
    pub database: Database,
}

impl StorageConfig {
    /// SQLite in `data_dir`.
    pub fn sqlite(data_dir: impl Into<PathBuf>) -> Self {
        Self {
            data_dir: data_dir.into(),
            database: Database::Sqlite,
        }
    }
}

/// Transport security.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Tls {
    /// Plain HTTP: only on a loopback address.
    Off,
    /// A self-signed certificate generated in the data directory on first start and reused
    /// after; its fingerprint is printed for clients to pin.
    SelfSigned,
    /// A given certificate chain (server certificate first) and its key, PEM files.
    Files {
        /// Certificate chain.
        cert: PathBuf,
        /// Private key.
        key: PathBuf,
    },
}

/// Reads `--tls`: `self-signed`, `off`, or `CERT,KEY` (two PEM file paths).
impl std::str::FromStr for Tls {
    type Err = crate::ServerError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "self-signed" => Ok(Self::SelfSigned),
            "off" => Ok(Self::Off),
            _ => match s.split_once(',') {
                Some((cert, key)) if !cert.is_empty() && !key.is_empty() => Ok(Self::Files {
                    cert: cert.into(),
                    key: key.into(),
                }),
                _ => Err(crate::ServerError::InvalidTlsSetting { value: s.into() }),
            },
        }
    }
}

/// Bounds on what one request may make the server read or send.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RequestLimits {
    /// Largest sync request body (a frame), in bytes.
    pub max_body: usize,
    /// Largest decompressed sync message, in bytes.
    pub max_message: usize,
    /// Largest JSON request body (registration, admin), in bytes.
    pub max_json_body: usize,
    /// Most records in one pull page (a larger request limit is lowered to this).
    pub max_page: u32,
}

impl Default for RequestLimits {
    fn default() -> Self {
        Self {
            max_body: 16 << 20,
            max_message: 64 << 20,
            max_json_body: 64 << 10,
            max_page: 1000,
        }
    }
}

/// Everything `serve` needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerConfig {
    /// Address to listen on (port 0: any free port; the running server says which).
    pub listen: SocketAddr,
    /// Where the state lives.
    pub storage: StorageConfig,
    /// Transport security.
    pub tls: Tls,
    /// The store schema this server serves (clients must have the same).
    pub schema: SchemaVersion,
    /// Request limits.
    pub limits: RequestLimits,
}

impl ServerConfig {
    /// Plain HTTP on `listen`, SQLite in `data_dir`, default limits.
    pub fn new(listen: SocketAddr, data_dir: impl Into<PathBuf>, schema: SchemaVersion) -> Self {
        Self {
            listen,
            storage: StorageConfig::sqlite(data_dir),
            tls: Tls::Off,
            schema,
            limits: RequestLimits::default(),
        }
    }
}
