//! Secrets: device tokens (random, stored only as their BLAKE3 hash) and passwords (Argon2id
//! PHC strings).

use crate::ServerError;
use argon2::password_hash::{PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Argon2, PasswordHash as Phc};

const TOKEN_PREFIX: &str = "atk_";
/// Shortest password accepted.
pub const MIN_PASSWORD: usize = 8;

/// A device token as handed to the device once (it is never stored).
#[derive(Clone, PartialEq, Eq)]
pub struct DeviceToken(pub String);

impl std::fmt::Debug for DeviceToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DeviceToken(…)")
    }
}

/// A stored password: an Argon2id PHC string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PasswordHash(pub String);

/// A fresh token: 256 random bits, hex, with a prefix that makes it recognisable in a leak.
pub fn new_device_token() -> Result<DeviceToken, ServerError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| ServerError::Crypto {
        detail: e.to_string(),
    })?;
    Ok(DeviceToken(format!("{TOKEN_PREFIX}{}", hex::encode(bytes))))
}

/// What the database keeps of a token. A fast hash is enough: the token is 256 random bits,
/// so there is nothing to guess, and every request computes it.
pub fn token_hash(token: &str) -> [u8; 32] {
    *blake3::hash(token.as_bytes()).as_bytes()
}

/// Hash a new password (Argon2id, the crate's default parameters, random salt).
pub fn hash_password(password: &str) -> Result<PasswordHash, ServerError> {
    if password.chars().count() < MIN_PASSWORD {
        return Err(ServerError::WeakPassword { min: MIN_PASSWORD });
    }
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| ServerError::Crypto {
        detail: e.to_string(),
    })?;
    let salt = SaltString::encode_b64(&salt).map_err(crypto)?;
    let phc = Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map_err(crypto)?;
    Ok(PasswordHash(phc.to_string()))
}

/// Whether `password` matches the stored hash.
pub fn verify_password(password: &str, stored: &PasswordHash) -> Result<bool, ServerError> {
    let phc = Phc::new(&stored.0).map_err(|e| ServerError::StorageCorrupt {
        what: "password hash",
        detail: e.to_string(),
    })?;
    Ok(Argon2::default()
        .verify_password(password.as_bytes(), &phc)
        .is_ok())
}

fn crypto(e: argon2::password_hash::Error) -> ServerError {
    ServerError::Crypto {
        detail: e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn given_a_password_when_hashed_then_only_it_verifies() {
        let stored = hash_password("correct horse").unwrap();
        assert!(verify_password("correct horse", &stored).unwrap());
        assert!(!verify_password("wrong horse!", &stored).unwrap());
    }

    #[test]
    fn given_a_short_password_then_it_is_refused() {
        assert!(matches!(
            hash_password("short"),
            Err(ServerError::WeakPassword { min: 8 })
        ));
    }

    #[test]
    fn tokens_are_fresh_and_prefixed() {
        let (a, b) = (new_device_token().unwrap(), new_device_token().unwrap());
        assert_ne!(a, b);
        assert!(a.0.starts_with("atk_") && a.0.len() == 4 + 64);
        assert_ne!(token_hash(&a.0), token_hash(&b.0));
    }
}
