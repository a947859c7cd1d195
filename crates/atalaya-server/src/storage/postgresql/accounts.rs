//! Users and devices in PostgreSQL (the SQLite backend's statements, in this dialect).

use crate::ServerError;
use crate::access::{Caller, DeviceInfo, Jurisdiction, PasswordHash, UserInfo, check_jurisdiction};
use crate::storage::codec::{device_blob, device_from_blob, from_json, to_json};
use crate::storage::{Credentials, NewDevice, TokenOwner};
use atalaya_model::{DeviceId, Role};
use postgres::{Row, Transaction};

const DEVICE_SELECT: &str = "SELECT d.id, u.username, d.name, d.registered_ms, d.revoked
     FROM device d JOIN account u ON u.id = d.user_id";

fn user_info(r: &Row, at: usize) -> Result<UserInfo, ServerError> {
    let role: String = r.get(at + 1);
    let role = role
        .parse::<Role>()
        .map_err(|e| ServerError::StorageCorrupt {
            what: "user role",
            detail: e.to_string(),
        })?;
    Ok(UserInfo {
        username: r.get(at),
        role,
        jurisdiction: from_json("jurisdiction", r.get(at + 2))?,
    })
}

fn user(tx: &mut Transaction<'_>, username: &str) -> Result<UserInfo, ServerError> {
    let row = tx.query_opt(
        "SELECT username, role, jurisdiction FROM account WHERE username = $1",
        &[&username],
    )?;
    match row {
        Some(row) => user_info(&row, 0),
        None => Err(ServerError::UnknownUser {
            name: username.into(),
        }),
    }
}

pub fn add_user(
    tx: &mut Transaction<'_>,
    username: &str,
    role: Role,
    password: &PasswordHash,
) -> Result<UserInfo, ServerError> {
    let inserted = tx.execute(
        "INSERT INTO account (username, role, password, jurisdiction) VALUES ($1, $2, $3, $4)
         ON CONFLICT (username) DO NOTHING",
        &[
            &username,
            &role.as_str(),
            &password.0,
            &to_json("jurisdiction", &Jurisdiction::none())?,
        ],
    )?;
    if inserted == 0 {
        return Err(ServerError::UserExists {
            name: username.into(),
        });
    }
    user(tx, username)
}

pub fn set_role(
    tx: &mut Transaction<'_>,
    username: &str,
    role: Role,
) -> Result<UserInfo, ServerError> {
    let current = user(tx, username)?;
    check_jurisdiction(username, role, &current.jurisdiction)?;
    tx.execute(
        "UPDATE account SET role = $2 WHERE username = $1",
        &[&username, &role.as_str()],
    )?;
    user(tx, username)
}

pub fn set_jurisdiction(
    tx: &mut Transaction<'_>,
    username: &str,
    jurisdiction: &Jurisdiction,
) -> Result<UserInfo, ServerError> {
    let current = user(tx, username)?;
    check_jurisdiction(username, current.role, jurisdiction)?;
    tx.execute(
        "UPDATE account SET jurisdiction = $2 WHERE username = $1",
        &[&username, &to_json("jurisdiction", jurisdiction)?],
    )?;
    user(tx, username)
}

pub fn credentials(
    tx: &mut Transaction<'_>,
    username: &str,
) -> Result<Option<Credentials>, ServerError> {
    let row = tx.query_opt(
        "SELECT username, role, jurisdiction, password FROM account WHERE username = $1",
        &[&username],
    )?;
    row.map(|r| {
        Ok(Credentials {
            user: user_info(&r, 0)?,
            password: PasswordHash(r.get(3)),
        })
    })
    .transpose()
}

pub fn users(tx: &mut Transaction<'_>) -> Result<Vec<UserInfo>, ServerError> {
    tx.query(
        "SELECT username, role, jurisdiction FROM account ORDER BY username",
        &[],
    )?
    .iter()
    .map(|r| user_info(r, 0))
    .collect()
}

fn device_info(r: &Row) -> Result<DeviceInfo, ServerError> {
    Ok(DeviceInfo {
        device: device_from_blob(r.get(0))?,
        username: r.get(1),
        name: r.get(2),
        registered_ms: r.get(3),
        revoked: r.get(4),
    })
}

fn device(tx: &mut Transaction<'_>, device: DeviceId) -> Result<Option<DeviceInfo>, ServerError> {
    let sql = format!("{DEVICE_SELECT} WHERE d.id = $1");
    let row = tx.query_opt(&sql, &[&&device_blob(device)[..]])?;
    row.as_ref().map(device_info).transpose()
}

pub fn register_device(
    tx: &mut Transaction<'_>,
    new: &NewDevice<'_>,
) -> Result<DeviceInfo, ServerError> {
    if let Some(existing) = device(tx, new.device)? {
        if existing.username != new.username {
            return Err(ServerError::DeviceTaken { device: new.device });
        }
        if existing.revoked {
            return Err(ServerError::DeviceRevoked { device: new.device });
        }
    }
    let user_id: i64 = tx
        .query_opt(
            "SELECT id FROM account WHERE username = $1",
            &[&new.username],
        )?
        .map(|r| r.get(0))
        .ok_or_else(|| ServerError::UnknownUser {
            name: new.username.into(),
        })?;
    tx.execute(
        "INSERT INTO device (id, user_id, name, token_hash, registered_ms) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, token_hash = excluded.token_hash,
            registered_ms = excluded.registered_ms",
        &[
            &&device_blob(new.device)[..],
            &user_id,
            &new.name,
            &&new.token_hash[..],
            &new.now_ms,
        ],
    )?;
    device(tx, new.device)?.ok_or(ServerError::UnknownDevice { device: new.device })
}

pub fn token_owner(
    tx: &mut Transaction<'_>,
    token_hash: &[u8; 32],
) -> Result<Option<TokenOwner>, ServerError> {
    let row = tx.query_opt(
        "SELECT d.id, d.revoked, u.username, u.role, u.jurisdiction
         FROM device d JOIN account u ON u.id = d.user_id WHERE d.token_hash = $1",
        &[&&token_hash[..]],
    )?;
    row.map(|r| {
        Ok(TokenOwner {
            caller: Caller {
                device: device_from_blob(r.get(0))?,
                user: user_info(&r, 2)?,
            },
            revoked: r.get(1),
        })
    })
    .transpose()
}

pub fn devices(tx: &mut Transaction<'_>) -> Result<Vec<DeviceInfo>, ServerError> {
    let sql = format!("{DEVICE_SELECT} ORDER BY d.registered_ms, d.id");
    tx.query(&sql, &[])?.iter().map(device_info).collect()
}

pub fn revoke_device(tx: &mut Transaction<'_>, id: DeviceId) -> Result<DeviceInfo, ServerError> {
    let changed = tx.execute(
        "UPDATE device SET revoked = TRUE WHERE id = $1",
        &[&&device_blob(id)[..]],
    )?;
    if changed == 0 {
        return Err(ServerError::UnknownDevice { device: id });
    }
    device(tx, id)?.ok_or(ServerError::UnknownDevice { device: id })
}
