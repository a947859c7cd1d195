//! The central sync server: devices push their change entries and pull what their user may
//! see, over HTTP (axum on tokio). What it is for: being the one place where edits from every
//! workstation meet, are merged by `atalaya-sync`'s rules, and are handed out by role and
//! jurisdiction. What it is not: a client (that is the `atalaya` crate's sync), nor a second
//! implementation of the merge rules (it runs `atalaya_sync::server_state` over its storage).
//!
//! - [`storage`]: the [`SyncStorage`] trait and its backends (SQLite, PostgreSQL).
//! - [`access`]: users, roles, jurisdictions, device tokens, passwords, registration.
//! - [`http`]: the routes, extractors and metrics.
//! - [`tls`]: the certificate (self-signed or given), its fingerprint, and pinning it.
//! - [`Admin`]: the administrator's functions, for the CLI and the admin endpoints.
//! - [`serve`] / [`run`]: start a server from a [`ServerConfig`].
#![deny(missing_docs)]

pub mod access;
mod admin;
mod config;
mod error;
pub mod http;
mod server;
pub mod storage;
pub mod tls;

pub use access::{DeviceInfo, Jurisdiction, UserInfo};
pub use admin::Admin;
pub use atalaya_sync::wire::SchemaVersion;
pub use config::{Database, RequestLimits, ServerConfig, StorageConfig, Tls};
pub use error::ServerError;
pub use server::{RunningServer, open_storage, run, serve, serve_storage};
pub use storage::{Census, SyncStorage};
pub use tls::{Fingerprint, pinned_client_config, system_client_config};
