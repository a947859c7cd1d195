//! Who may do what: users, their roles and jurisdictions, devices, and the one place that
//! turns a caller into a sync scope or a refusal.

mod credentials;
mod registration;

pub use credentials::{
    DeviceToken, MIN_PASSWORD, PasswordHash, hash_password, new_device_token, token_hash,
    verify_password,
};
pub use registration::{RegisterRequest, Registration, register};

use crate::ServerError;
use atalaya_model::{DeviceId, Role};
use atalaya_sync::server_state::{Cuadrantes, Everything, NoReviews, Scope};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// The records a user may see and change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Jurisdiction {
    /// The whole comuna (analysts, supervisors, admins; never a field user).
    All,
    /// The records of these cuadrantes (empty: none, a new user's default).
    Cuadrantes(BTreeSet<String>),
}

impl Jurisdiction {
    /// The records of these cuadrante codes.
    pub fn cuadrantes<I: IntoIterator<Item = S>, S: Into<String>>(codes: I) -> Self {
        Self::Cuadrantes(codes.into_iter().map(Into::into).collect())
    }

    /// None at all.
    pub fn none() -> Self {
        Self::Cuadrantes(BTreeSet::new())
    }
}

/// `all`, or cuadrante codes separated by commas (`none` or nothing: no cuadrante).
impl std::str::FromStr for Jurisdiction {
    type Err = std::convert::Infallible;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "all" => Ok(Self::All),
            "none" => Ok(Self::none()),
            codes => Ok(Self::cuadrantes(
                codes.split(',').map(str::trim).filter(|c| !c.is_empty()),
            )),
        }
    }
}

/// Written as it is read: `all`, `none`, or codes separated by commas.
impl std::fmt::Display for Jurisdiction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::All => f.write_str("all"),
            Self::Cuadrantes(codes) if codes.is_empty() => f.write_str("none"),
            Self::Cuadrantes(codes) => {
                let codes: Vec<&str> = codes.iter().map(String::as_str).collect();
                f.write_str(&codes.join(","))
            }
        }
    }
}

/// A user as the admin functions show it (never the password hash).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserInfo {
    /// Login name.
    pub username: String,
    /// Role.
    pub role: Role,
    /// What the user may see and change.
    pub jurisdiction: Jurisdiction,
}

/// A device as the admin functions show it (never the token).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceInfo {
    /// The device id (its store's).
    pub device: DeviceId,
    /// The user it was registered with.
    pub username: String,
    /// A label given at registration (host name, "laptop 3").
    pub name: String,
    /// Registration time, Unix milliseconds.
    pub registered_ms: i64,
    /// Whether an administrator revoked it.
    pub revoked: bool,
}

/// The authenticated device of a request and its user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Caller {
    /// The device the token belongs to.
    pub device: DeviceId,
    /// Its user.
    pub user: UserInfo,
}

impl Caller {
    /// The sync scope of this caller: the jurisdiction, whatever the role (a field user can
    /// only ever hold cuadrantes: see [`check_jurisdiction`]); only supervisors and
    /// administrators write reviews.
    pub fn scope(&self) -> Box<dyn Scope + Send + Sync> {
        let scope = self.jurisdiction_scope();
        if self.user.role.reviews_cases() {
            scope
        } else {
            Box::new(NoReviews(scope))
        }
    }

    fn jurisdiction_scope(&self) -> Box<dyn Scope + Send + Sync> {
        match (&self.user.jurisdiction, self.user.role) {
            // Defensive: a field user is never given `All`, but if the database says so,
            // they get nothing rather than everything.
            (Jurisdiction::All, Role::Field) => Box::new(Cuadrantes::new(Vec::<String>::new())),
            (Jurisdiction::All, _) => Box::new(Everything),
            (Jurisdiction::Cuadrantes(codes), _) => {
                Box::new(Cuadrantes::new(codes.iter().cloned()))
            }
        }
    }

    /// A message must come from the token's device.
    pub fn check_device(&self, claimed: DeviceId) -> Result<(), ServerError> {
        if claimed == self.device {
            return Ok(());
        }
        Err(ServerError::DeviceMismatch {
            authenticated: self.device,
            claimed,
        })
    }

    /// Only an admin manages users and devices.
    pub fn check_admin(&self, action: &'static str) -> Result<(), ServerError> {
        if self.user.role == Role::Admin {
            return Ok(());
        }
        Err(ServerError::Forbidden {
            role: self.user.role.as_str(),
            action,
        })
    }
}

/// A field user's jurisdiction lists cuadrantes: field staff work a territory, never the whole
/// comuna.
pub fn check_jurisdiction(
    name: &str,
    role: Role,
    jurisdiction: &Jurisdiction,
) -> Result<(), ServerError> {
    if role == Role::Field && *jurisdiction == Jurisdiction::All {
        return Err(ServerError::FieldNeedsCuadrantes { name: name.into() });
    }
    Ok(())
}

/// A username is 1–64 characters with no whitespace or control characters.
pub fn check_username(name: &str) -> Result<(), ServerError> {
    let ok = (1..=64).contains(&name.chars().count())
        && !name.chars().any(|c| c.is_whitespace() || c.is_control());
    if ok {
        Ok(())
    } else {
        Err(ServerError::InvalidUsername { name: name.into() })
    }
}
