//! Database keys: a 256-bit random key per store, kept in the OS keyring and/or wrapped by a
//! passphrase (Argon2id → XChaCha20-Poly1305), described by a `<store>.keyinfo` file beside the
//! database. The key-info file holds no secret: only where the key is and how it is wrapped.

use std::path::{Path, PathBuf};

use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::{Result, StoreError};

/// A 256-bit SQLCipher key. Zeroed on drop.
#[derive(Clone)]
pub struct DbKey(Zeroizing<[u8; 32]>);

impl DbKey {
    /// A fresh random key from the OS.
    pub fn random() -> Result<Self> {
        let mut k = Zeroizing::new([0u8; 32]);
        getrandom::fill(k.as_mut())
            .map_err(|e| StoreError::Crypto(format!("no OS randomness: {e}")))?;
        Ok(Self(k))
    }

    /// From raw bytes.
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(Zeroizing::new(bytes))
    }

    /// The key as SQLCipher's raw-key literal: `x'<64 hex>'`.
    pub(crate) fn sql_literal(&self) -> Zeroizing<String> {
        Zeroizing::new(format!("\"x'{}'\"", hex::encode(self.0.as_ref())))
    }

    /// Hex text (for the keyring).
    pub(crate) fn to_hex(&self) -> Zeroizing<String> {
        Zeroizing::new(hex::encode(self.0.as_ref()))
    }

    /// Parse hex text.
    pub(crate) fn from_hex(text: &str) -> Option<Self> {
        let bytes = hex::decode(text.trim()).ok()?;
        let arr: [u8; 32] = bytes.try_into().ok()?;
        Some(Self::from_bytes(arr))
    }

    pub(crate) fn bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

impl std::fmt::Debug for DbKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DbKey(…)")
    }
}

/// How a new store's key is to be protected.
#[derive(Debug, Clone, Default)]
pub struct Protection {
    /// Wrap the key with this passphrase (the user chose it, or there is no keyring).
    pub passphrase: Option<Zeroizing<String>>,
    /// Also (or only) keep the key in the OS keyring.
    pub keyring: bool,
}

/// How to unlock an existing store.
#[derive(Debug, Clone, Default)]
pub struct Unlock {
    /// A passphrase, if the user gave one.
    pub passphrase: Option<Zeroizing<String>>,
}

/// Argon2id parameters and the wrapped key.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct WrappedKey {
    /// Always `argon2id`.
    pub kdf: String,
    /// Memory in KiB.
    pub m_kib: u32,
    /// Iterations.
    pub t: u32,
    /// Lanes.
    pub p: u32,
    /// Salt, hex.
    pub salt: String,
    /// XChaCha20-Poly1305 nonce, hex.
    pub nonce: String,
    /// Encrypted key with tag, hex.
    pub ciphertext: String,
}

/// The non-secret description of where a store's key lives.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct KeyInfo {
    /// Format version of this file.
    pub format: u32,
    /// The store's id (also the keyring user name).
    pub store_id: String,
    /// Whether a copy of the key is in the OS keyring (service `atalaya`, user = store id).
    pub keyring: bool,
    /// The passphrase-wrapped key, if any.
    pub passphrase: Option<WrappedKey>,
}

/// Argon2id cost: 64 MiB, 3 passes, 1 lane (OWASP's second recommended profile).
const ARGON_M_KIB: u32 = 64 * 1024;
const ARGON_T: u32 = 3;
const ARGON_P: u32 = 1;

impl KeyInfo {
    /// The key-info path for a store path: `<store>.keyinfo`.
    pub fn path_for(store: &Path) -> PathBuf {
        let mut p = store.as_os_str().to_owned();
        p.push(".keyinfo");
        PathBuf::from(p)
    }

    /// Read the key-info beside `store`.
    pub fn load(store: &Path) -> Result<Self> {
        let path = Self::path_for(store);
        let text = std::fs::read_to_string(&path).map_err(|e| StoreError::KeyInfo {
            path: path.clone(),
            reason: e.to_string(),
        })?;
        serde_json::from_str(&text).map_err(|e| StoreError::KeyInfo {
            path,
            reason: e.to_string(),
        })
    }

    /// Write atomically (temp file + fsync + rename), so a crash leaves the old or the new file.
    pub fn save(&self, store: &Path) -> Result<()> {
        let path = Self::path_for(store);
        let text =
            serde_json::to_string_pretty(self).map_err(|e| StoreError::Crypto(e.to_string()))?;
        write_atomically(&path, text.as_bytes())
    }

    /// Wrap `key` under `passphrase` with fresh salt and nonce.
    pub fn wrap(key: &DbKey, passphrase: &str) -> Result<WrappedKey> {
        let mut salt = [0u8; 16];
        let mut nonce = [0u8; 24];
        getrandom::fill(&mut salt).map_err(|e| StoreError::Crypto(e.to_string()))?;
        getrandom::fill(&mut nonce).map_err(|e| StoreError::Crypto(e.to_string()))?;
        let kek = derive(passphrase, &salt, ARGON_M_KIB, ARGON_T, ARGON_P)?;
        let cipher = XChaCha20Poly1305::new(kek.as_ref().into());
        let ciphertext = cipher
            .encrypt(XNonce::from_slice(&nonce), key.bytes().as_slice())
            .map_err(|e| StoreError::Crypto(e.to_string()))?;
        Ok(WrappedKey {
            kdf: "argon2id".into(),
            m_kib: ARGON_M_KIB,
            t: ARGON_T,
            p: ARGON_P,
            salt: hex::encode(salt),
            nonce: hex::encode(nonce),
            ciphertext: hex::encode(ciphertext),
        })
    }

    /// Unwrap the passphrase-protected key. `None` means the passphrase is wrong.
    pub fn unwrap_with(wrapped: &WrappedKey, passphrase: &str) -> Result<Option<DbKey>> {
        let bad =
            |what: &str| StoreError::Crypto(format!("key file field `{what}` is not valid hex"));
        let salt = hex::decode(&wrapped.salt).map_err(|_| bad("salt"))?;
        let nonce = hex::decode(&wrapped.nonce).map_err(|_| bad("nonce"))?;
        let ct = hex::decode(&wrapped.ciphertext).map_err(|_| bad("ciphertext"))?;
        if nonce.len() != 24 {
            return Err(bad("nonce"));
        }
        let kek = derive(passphrase, &salt, wrapped.m_kib, wrapped.t, wrapped.p)?;
        let cipher = XChaCha20Poly1305::new(kek.as_ref().into());
        let Ok(plain) = cipher.decrypt(XNonce::from_slice(&nonce), ct.as_slice()) else {
            return Ok(None);
        };
        let plain = Zeroizing::new(plain);
        let arr: [u8; 32] = plain
            .as_slice()
            .try_into()
            .map_err(|_| StoreError::Crypto("wrapped key has wrong length".into()))?;
        Ok(Some(DbKey::from_bytes(arr)))
    }
}

fn derive(passphrase: &str, salt: &[u8], m: u32, t: u32, p: u32) -> Result<Zeroizing<[u8; 32]>> {
    let params = Params::new(m, t, p, Some(32)).map_err(|e| StoreError::Crypto(e.to_string()))?;
    let mut out = Zeroizing::new([0u8; 32]);
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(passphrase.as_bytes(), salt, out.as_mut())
        .map_err(|e| StoreError::Crypto(e.to_string()))?;
    Ok(out)
}

/// Write a file so that a crash leaves either the old or the new content.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    let tmp = PathBuf::from(tmp);
    let mut f = std::fs::File::create(&tmp).map_err(StoreError::io("creating", &tmp))?;
    f.write_all(bytes)
        .map_err(StoreError::io("writing", &tmp))?;
    f.sync_all().map_err(StoreError::io("syncing", &tmp))?;
    std::fs::rename(&tmp, path).map_err(StoreError::io("replacing", path))?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        && let Ok(d) = std::fs::File::open(dir)
    {
        // Persist the rename itself; failure here only weakens durability, not consistency.
        let _ = d.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn given_wrapped_key_when_unwrapping_then_right_passphrase_recovers_and_wrong_one_is_none() {
        let key = DbKey::random().unwrap();
        let w = KeyInfo::wrap(&key, "correcto caballo").unwrap();
        assert_eq!(w.kdf, "argon2id");
        let back = KeyInfo::unwrap_with(&w, "correcto caballo")
            .unwrap()
            .unwrap();
        assert_eq!(back.bytes(), key.bytes());
        assert!(KeyInfo::unwrap_with(&w, "incorrecto").unwrap().is_none());
    }

    #[test]
    fn key_hex_round_trip() {
        let key = DbKey::random().unwrap();
        assert_eq!(DbKey::from_hex(&key.to_hex()).unwrap().bytes(), key.bytes());
        assert!(DbKey::from_hex("zz").is_none());
    }
}
