//! Registering a device with a user's credentials: the one request that carries a password,
//! answered with the device's token (shown once, stored only as a hash).

use super::{
    DeviceToken, PasswordHash, UserInfo, hash_password, new_device_token, token_hash,
    verify_password,
};
use crate::ServerError;
use crate::storage::{NewDevice, SyncStorage};
use atalaya_model::DeviceId;
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// What a device sends to register.
#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct RegisterRequest {
    /// The user's login name.
    pub username: String,
    /// The user's password.
    pub password: String,
    /// The device's id (its store's).
    pub device: DeviceId,
    /// A label for administrators ("laptop 3").
    #[serde(default)]
    pub name: String,
}

/// The answer: the token to keep (in the keyring) and who the device syncs as.
#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct Registration {
    /// The device.
    pub device: DeviceId,
    /// Its bearer token.
    pub token: String,
    /// Its user.
    pub user: UserInfo,
}

/// Check the credentials and register the device (a device already registered to the same
/// user gets a new token; its old one stops working).
pub fn register(
    storage: &dyn SyncStorage,
    request: &RegisterRequest,
    now_ms: i64,
) -> Result<Registration, ServerError> {
    let Some(credentials) = storage.credentials(&request.username)? else {
        // Spend the time a wrong password would, so that the answer's delay does not tell
        // which usernames exist.
        static DECOY: OnceLock<Option<PasswordHash>> = OnceLock::new();
        if let Some(decoy) = DECOY.get_or_init(|| hash_password("decoy password").ok()) {
            let _ = verify_password(&request.password, decoy);
        }
        return Err(ServerError::BadCredentials);
    };
    if !verify_password(&request.password, &credentials.password)? {
        return Err(ServerError::BadCredentials);
    }
    let DeviceToken(token) = new_device_token()?;
    storage.register_device(&NewDevice {
        device: request.device,
        username: &request.username,
        name: &request.name,
        token_hash: token_hash(&token),
        now_ms,
    })?;
    Ok(Registration {
        device: request.device,
        token,
        user: credentials.user,
    })
}
