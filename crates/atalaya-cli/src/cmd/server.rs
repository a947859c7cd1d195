//! `atalaya server user add|role|jurisdiction|list` and `atalaya server device list|revoke`:
//! the sync server's administration, on its data directory or database (also while it runs).

use std::io::BufRead;
use std::path::PathBuf;
use std::process::ExitCode;

use atalaya::server::{
    self, DeviceId, DeviceInfo, Jurisdiction, Role, ServerError, StorageConfig, UserInfo,
};
use clap::{Args, Subcommand};

use super::quarantine::ListFormat;
use crate::output::table;

/// Where the server's state lives (shared with `atalaya serve`).
#[derive(Args)]
pub struct DataArgs {
    /// The server's data directory: its SQLite database and TLS certificate
    /// (default: ~/.local/share/atalaya/server).
    #[arg(long, env = "ATALAYA_SERVER_DATA", value_name = "DIR")]
    pub data: Option<PathBuf>,
    /// A PostgreSQL database (postgres://…) instead of SQLite in the data directory.
    #[arg(long, env = "ATALAYA_SERVER_DATABASE", value_name = "URL")]
    pub database: Option<String>,
}

impl DataArgs {
    pub fn storage(&self) -> StorageConfig {
        let data = self.data.clone().unwrap_or_else(server::default_data_dir);
        server::storage(&data, self.database.as_deref())
    }
}

#[derive(Subcommand)]
pub enum ServerCommand {
    /// Users: add one, change a role or a jurisdiction, list them.
    #[command(subcommand)]
    User(UserCommand),
    /// Registered devices: list them, revoke one.
    #[command(subcommand)]
    Device(DeviceCommand),
}

#[derive(Subcommand)]
pub enum UserCommand {
    /// Add a user. The password is read from ATALAYA_USER_PASSWORD or, when that is unset,
    /// from the first line of standard input.
    Add(UserAddArgs),
    /// Change a user's role.
    Role(UserRoleArgs),
    /// Change a user's jurisdiction: `all` or cuadrante codes separated by commas.
    Jurisdiction(UserJurisdictionArgs),
    /// Every user, by name.
    List(Common),
}

#[derive(Subcommand)]
pub enum DeviceCommand {
    /// Every registered device, oldest first.
    List(Common),
    /// Refuse every later request of a device.
    Revoke(DeviceRevokeArgs),
}

/// Options every admin command takes.
#[derive(Args)]
pub struct Common {
    #[command(flatten)]
    pub data: DataArgs,
    #[arg(long, value_enum, default_value = "table")]
    pub format: ListFormat,
}

#[derive(Args)]
pub struct UserAddArgs {
    pub name: String,
    /// analyst, supervisor, field or admin.
    #[arg(long)]
    pub role: Role,
    /// `all` or cuadrante codes separated by commas (default: none, the user sees nothing).
    #[arg(long, value_name = "C1,C2|all")]
    pub jurisdiction: Option<Jurisdiction>,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Args)]
pub struct UserRoleArgs {
    pub name: String,
    /// analyst, supervisor, field or admin.
    pub role: Role,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Args)]
pub struct UserJurisdictionArgs {
    pub name: String,
    /// `all` or cuadrante codes separated by commas.
    #[arg(value_name = "C1,C2|all")]
    pub jurisdiction: Jurisdiction,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Args)]
pub struct DeviceRevokeArgs {
    /// The device id, from `atalaya server device list`.
    pub id: DeviceId,
    #[command(flatten)]
    pub common: Common,
}

pub fn run(cmd: ServerCommand) -> atalaya::Result<ExitCode> {
    match execute(cmd) {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(e) => Ok(fail(&e)),
    }
}

/// Report a server error as every command reports errors (exit 1, or 2 for bad arguments).
pub fn fail(e: &ServerError) -> ExitCode {
    eprintln!("error: {e}");
    ExitCode::from(if server::is_usage(e) { 2 } else { 1 })
}

fn execute(cmd: ServerCommand) -> Result<(), ServerError> {
    match cmd {
        ServerCommand::User(UserCommand::Add(a)) => {
            let admin = server::admin(&a.common.data.storage())?;
            let password = password();
            let user =
                server::add_user(&admin, &a.name, a.role, &password, a.jurisdiction.as_ref())?;
            print_users(&[user], a.common.format);
        }
        ServerCommand::User(UserCommand::Role(a)) => {
            let admin = server::admin(&a.common.data.storage())?;
            print_users(&[admin.user_role(&a.name, a.role)?], a.common.format);
        }
        ServerCommand::User(UserCommand::Jurisdiction(a)) => {
            let admin = server::admin(&a.common.data.storage())?;
            let user = admin.user_jurisdiction(&a.name, &a.jurisdiction)?;
            print_users(&[user], a.common.format);
        }
        ServerCommand::User(UserCommand::List(a)) => {
            print_users(&server::admin(&a.data.storage())?.user_list()?, a.format);
        }
        ServerCommand::Device(DeviceCommand::List(a)) => {
            print_devices(&server::admin(&a.data.storage())?.device_list()?, a.format);
        }
        ServerCommand::Device(DeviceCommand::Revoke(a)) => {
            let admin = server::admin(&a.common.data.storage())?;
            print_devices(&[admin.device_revoke(a.id)?], a.common.format);
        }
    }
    Ok(())
}

/// ATALAYA_USER_PASSWORD, else the first line of standard input (never a prompt: scripts and
/// pipes work the same).
pub fn password() -> String {
    if let Some(password) = std::env::var("ATALAYA_USER_PASSWORD")
        .ok()
        .filter(|p| !p.is_empty())
    {
        return password;
    }
    let mut line = String::new();
    let _ = std::io::stdin().lock().read_line(&mut line);
    line.trim_end_matches(['\r', '\n']).to_owned()
}

fn print_users(users: &[UserInfo], format: ListFormat) {
    match format {
        ListFormat::Json => outln!(
            "{}",
            serde_json::to_string_pretty(users).unwrap_or_default()
        ),
        ListFormat::Table => {
            let rows: Vec<Vec<String>> = users
                .iter()
                .map(|u| {
                    vec![
                        u.username.clone(),
                        u.role.as_str().to_owned(),
                        u.jurisdiction.to_string(),
                    ]
                })
                .collect();
            out!("{}", table(&["user", "role", "jurisdiction"], &rows));
        }
    }
}

fn print_devices(devices: &[DeviceInfo], format: ListFormat) {
    match format {
        ListFormat::Json => outln!(
            "{}",
            serde_json::to_string_pretty(devices).unwrap_or_default()
        ),
        ListFormat::Table => {
            let rows: Vec<Vec<String>> = devices
                .iter()
                .map(|d| {
                    vec![
                        d.device.to_string(),
                        d.username.clone(),
                        d.name.clone(),
                        registered(d.registered_ms),
                        if d.revoked { "revoked" } else { "active" }.to_owned(),
                    ]
                })
                .collect();
            out!(
                "{}",
                table(&["device", "user", "name", "registered", "state"], &rows)
            );
        }
    }
}

/// Unix milliseconds as a UTC timestamp.
fn registered(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms).map_or_else(
        || ms.to_string(),
        |t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
    )
}
