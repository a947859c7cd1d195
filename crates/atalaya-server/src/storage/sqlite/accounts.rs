//! Users and devices in SQLite.

use crate::ServerError;
use crate::access::{Caller, DeviceInfo, Jurisdiction, PasswordHash, UserInfo, check_jurisdiction};
use crate::storage::codec::{device_blob, device_from_blob, from_json, to_json};
use crate::storage::{Credentials, NewDevice, TokenOwner};
use atalaya_model::{DeviceId, Role};
use rusqlite::{Connection, OptionalExtension, Row, params};

const USER_COLUMNS: &str = "username, role, jurisdiction";
const DEVICE_SELECT: &str = "SELECT d.id, u.username, d.name, d.registered_ms, d.revoked
     FROM device d JOIN user u ON u.id = d.user_id";

fn user_from(r: &Row<'_>, at: usize) -> rusqlite::Result<(String, String, String)> {
    Ok((r.get(at)?, r.get(at + 1)?, r.get(at + 2)?))
}

fn user_info(
    (username, role, jurisdiction): (String, String, String),
) -> Result<UserInfo, ServerError> {
    let role = role
        .parse::<Role>()
        .map_err(|e| ServerError::StorageCorrupt {
            what: "user role",
            detail: e.to_string(),
        })?;
    Ok(UserInfo {
        username,
        role,
        jurisdiction: from_json("jurisdiction", &jurisdiction)?,
    })
}

fn user(conn: &Connection, username: &str) -> Result<UserInfo, ServerError> {
    let sql = format!("SELECT {USER_COLUMNS} FROM user WHERE username = ?1");
    let found = conn
        .prepare_cached(&sql)?
        .query_row([username], |r| user_from(r, 0))
        .optional()?;
    match found {
        Some(raw) => user_info(raw),
        None => Err(ServerError::UnknownUser {
            name: username.into(),
        }),
    }
}

pub fn add_user(
    conn: &Connection,
    username: &str,
    role: Role,
    password: &PasswordHash,
) -> Result<UserInfo, ServerError> {
    let exists = conn
        .query_row("SELECT 1 FROM user WHERE username = ?1", [username], |_| {
            Ok(())
        })
        .optional()?;
    if exists.is_some() {
        return Err(ServerError::UserExists {
            name: username.into(),
        });
    }
    conn.execute(
        "INSERT INTO user (username, role, password, jurisdiction) VALUES (?1, ?2, ?3, ?4)",
        params![
            username,
            role.as_str(),
            password.0,
            to_json("jurisdiction", &Jurisdiction::none())?
        ],
    )?;
    user(conn, username)
}

pub fn set_role(conn: &Connection, username: &str, role: Role) -> Result<UserInfo, ServerError> {
    let current = user(conn, username)?;
    check_jurisdiction(username, role, &current.jurisdiction)?;
    conn.execute(
        "UPDATE user SET role = ?2 WHERE username = ?1",
        params![username, role.as_str()],
    )?;
    user(conn, username)
}

pub fn set_jurisdiction(
    conn: &Connection,
    username: &str,
    jurisdiction: &Jurisdiction,
) -> Result<UserInfo, ServerError> {
    let current = user(conn, username)?;
    check_jurisdiction(username, current.role, jurisdiction)?;
    conn.execute(
        "UPDATE user SET jurisdiction = ?2 WHERE username = ?1",
        params![username, to_json("jurisdiction", jurisdiction)?],
    )?;
    user(conn, username)
}

pub fn credentials(conn: &Connection, username: &str) -> Result<Option<Credentials>, ServerError> {
    let sql = format!("SELECT {USER_COLUMNS}, password FROM user WHERE username = ?1");
    let found = conn
        .prepare_cached(&sql)?
        .query_row([username], |r| {
            Ok((user_from(r, 0)?, r.get::<_, String>(3)?))
        })
        .optional()?;
    found
        .map(|(raw, password)| {
            Ok(Credentials {
                user: user_info(raw)?,
                password: PasswordHash(password),
            })
        })
        .transpose()
}

pub fn users(conn: &Connection) -> Result<Vec<UserInfo>, ServerError> {
    let sql = format!("SELECT {USER_COLUMNS} FROM user ORDER BY username");
    let mut stmt = conn.prepare_cached(&sql)?;
    let raw = stmt
        .query_map([], |r| user_from(r, 0))?
        .collect::<Result<Vec<_>, _>>()?;
    raw.into_iter().map(user_info).collect()
}

fn device_info(r: &Row<'_>) -> rusqlite::Result<(Vec<u8>, String, String, i64, bool)> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
}

fn to_device_info(raw: (Vec<u8>, String, String, i64, bool)) -> Result<DeviceInfo, ServerError> {
    let (id, username, name, registered_ms, revoked) = raw;
    Ok(DeviceInfo {
        device: device_from_blob(&id)?,
        username,
        name,
        registered_ms,
        revoked,
    })
}

fn device(conn: &Connection, device: DeviceId) -> Result<Option<DeviceInfo>, ServerError> {
    let sql = format!("{DEVICE_SELECT} WHERE d.id = ?1");
    let raw = conn
        .prepare_cached(&sql)?
        .query_row([device_blob(device)], device_info)
        .optional()?;
    raw.map(to_device_info).transpose()
}

pub fn register_device(conn: &Connection, new: &NewDevice<'_>) -> Result<DeviceInfo, ServerError> {
    if let Some(existing) = device(conn, new.device)? {
        if existing.username != new.username {
            return Err(ServerError::DeviceTaken { device: new.device });
        }
        if existing.revoked {
            // Only an administrator can bring a revoked device back.
            return Err(ServerError::DeviceRevoked { device: new.device });
        }
    }
    let user_id: i64 = conn
        .query_row(
            "SELECT id FROM user WHERE username = ?1",
            [new.username],
            |r| r.get(0),
        )
        .optional()?
        .ok_or_else(|| ServerError::UnknownUser {
            name: new.username.into(),
        })?;
    conn.execute(
        "INSERT INTO device (id, user_id, name, token_hash, registered_ms) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, token_hash = excluded.token_hash,
            registered_ms = excluded.registered_ms",
        params![device_blob(new.device), user_id, new.name, new.token_hash, new.now_ms],
    )?;
    device(conn, new.device)?.ok_or(ServerError::UnknownDevice { device: new.device })
}

pub fn token_owner(
    conn: &Connection,
    token_hash: &[u8; 32],
) -> Result<Option<TokenOwner>, ServerError> {
    let sql = format!(
        "SELECT d.id, d.revoked, {} FROM device d JOIN user u ON u.id = d.user_id
         WHERE d.token_hash = ?1",
        "u.username, u.role, u.jurisdiction"
    );
    let raw = conn
        .prepare_cached(&sql)?
        .query_row([&token_hash[..]], |r| {
            Ok((
                r.get::<_, Vec<u8>>(0)?,
                r.get::<_, bool>(1)?,
                user_from(r, 2)?,
            ))
        })
        .optional()?;
    raw.map(|(id, revoked, user)| {
        Ok(TokenOwner {
            caller: Caller {
                device: device_from_blob(&id)?,
                user: user_info(user)?,
            },
            revoked,
        })
    })
    .transpose()
}

pub fn devices(conn: &Connection) -> Result<Vec<DeviceInfo>, ServerError> {
    let sql = format!("{DEVICE_SELECT} ORDER BY d.registered_ms, d.id");
    let mut stmt = conn.prepare_cached(&sql)?;
    let raw = stmt
        .query_map([], device_info)?
        .collect::<Result<Vec<_>, _>>()?;
    raw.into_iter().map(to_device_info).collect()
}

pub fn revoke_device(conn: &Connection, id: DeviceId) -> Result<DeviceInfo, ServerError> {
    let changed = conn.execute(
        "UPDATE device SET revoked = 1 WHERE id = ?1",
        [device_blob(id)],
    )?;
    if changed == 0 {
        return Err(ServerError::UnknownDevice { device: id });
    }
    device(conn, id)?.ok_or(ServerError::UnknownDevice { device: id })
}
