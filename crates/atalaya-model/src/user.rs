//! Users, roles and jurisdictions: the inputs of the one authorization check.

use serde::{Deserialize, Serialize};

use crate::incident::text_enum;
use crate::{JurisdictionId, ModelError, UserId};

/// A user's role.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Desk analyst: imports, queries, reports.
    Analyst,
    /// Reviews case timelines, approves, assigns.
    Supervisor,
    /// Field staff capturing offline.
    Field,
    /// Manages users, devices and keys.
    Admin,
}
text_enum!(Role, "role", Analyst => "analyst", Supervisor => "supervisor", Field => "field", Admin => "admin");

impl Role {
    /// Whether this role decides on cases (writes reviews, approves): supervisors and
    /// administrators. The server enforces it; a workstation that knows its role checks first.
    pub fn reviews_cases(self) -> bool {
        matches!(self, Self::Supervisor | Self::Admin)
    }
}

/// A person who uses Atalaya.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct User {
    /// Its id.
    pub id: UserId,
    /// Login name.
    pub username: String,
    /// Display name.
    pub display_name: String,
    /// Role.
    pub role: Role,
    /// The jurisdiction the user may see and edit (None: the whole comuna).
    pub jurisdiction: Option<JurisdictionId>,
}

/// A named set of areas (cuadrante codes).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Jurisdiction {
    /// Its id.
    pub id: JurisdictionId,
    /// Display name.
    pub name: String,
    /// Area codes it covers.
    pub areas: Vec<String>,
}
