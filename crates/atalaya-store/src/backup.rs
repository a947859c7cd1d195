//! Rekey, encrypted backup and restore.
//!
//! A backup is a consistent SQLCipher copy (`VACUUM INTO`) encrypted with the store's key, plus a
//! copy of the key-info file beside it, so it restores wherever the key can be found (the
//! passphrase, or the keyring that holds this store's key).

use std::path::{Path, PathBuf};

use rusqlite::Connection;
use zeroize::Zeroizing;

use crate::keys::{DbKey, KeyInfo, Unlock, write_atomically};
use crate::store::{Store, connect, resolve_key};
use crate::{Result, StoreError, keyring};

/// What a restore brought back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestoreSummary {
    /// Audit entries in the restored store.
    pub audit_entries: u64,
    /// Incidents in the restored store.
    pub incidents: u64,
}

impl Store {
    /// Replace the database key with a fresh random one, re-encrypting every page. With a
    /// passphrase, the new key is wrapped by it (a new passphrase changes it); the keyring copy,
    /// if any, is replaced.
    pub fn rekey(&mut self, new_passphrase: Option<Zeroizing<String>>) -> Result<()> {
        let new_key = DbKey::random()?;
        let mut info = self.key_info.clone();
        match (&new_passphrase, info.passphrase.is_some()) {
            (Some(p), _) => info.passphrase = Some(KeyInfo::wrap(&new_key, p)?),
            (None, true) => {
                return Err(StoreError::PassphraseRequired {
                    path: self.path.clone(),
                });
            }
            (None, false) => {}
        }
        // Stage the new key info first: if we die after the rekey but before the swap, open()
        // finds the staged file and still gets in.
        let staged = staged_path(&self.path);
        write_atomically(
            &staged,
            serde_json::to_string_pretty(&info)
                .unwrap_or_default()
                .as_bytes(),
        )?;
        if info.keyring {
            keyring::put(&staged_store_id(&info), &new_key)?;
        }
        self.conn
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE;")?;
        self.conn.execute_batch(&format!(
            "PRAGMA rekey = {};",
            new_key.sql_literal().as_str()
        ))?;
        self.conn.execute_batch("PRAGMA journal_mode = WAL;")?;
        if info.keyring {
            keyring::put(&info.store_id, &new_key)?;
            keyring::delete(&staged_store_id(&info))?;
        }
        std::fs::rename(&staged, KeyInfo::path_for(&self.path))
            .map_err(StoreError::io("replacing", &staged))?;
        self.key = new_key;
        self.key_info = info;
        Ok(())
    }

    /// Write an encrypted, consistent copy of the store to `dest` (and `dest.keyinfo`).
    pub fn backup(&self, dest: &Path) -> Result<()> {
        if dest.exists() {
            return Err(StoreError::AlreadyExists { path: dest.into() });
        }
        let dest_str = dest.to_str().ok_or_else(|| StoreError::BadBackup {
            path: dest.into(),
            reason: "the path is not valid UTF-8".into(),
        })?;
        self.conn.execute("VACUUM INTO ?1", [dest_str])?;
        // Prove the copy is encrypted with our key and sound before calling it a backup.
        let copy = connect(dest, &self.key)?;
        let check: String = copy.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        drop(copy);
        remove_sidecars(dest);
        if check != "ok" {
            return Err(StoreError::BadBackup {
                path: dest.into(),
                reason: format!("integrity check: {check}"),
            });
        }
        self.key_info.save(dest)
    }
}

/// Restore `backup` over the store at `target` (which must not be open). The backup is checked
/// (key, integrity, audit chain) before anything at `target` is touched; the swap is a rename.
pub fn restore(backup: &Path, target: &Path, unlock: &Unlock) -> Result<RestoreSummary> {
    if !backup.exists() {
        return Err(StoreError::BadBackup {
            path: backup.into(),
            reason: "no such file".into(),
        });
    }
    let info = KeyInfo::load(backup)?;
    let key = resolve_key(backup, &info, unlock)?;
    let staging = with_suffix(target, ".restoring");
    let _ = std::fs::remove_file(&staging);
    std::fs::copy(backup, &staging).map_err(StoreError::io("copying backup to", &staging))?;
    let summary = {
        let restored = Store::open_with_key(&staging, key.clone(), info.clone())?;
        let check = restored.integrity_check()?;
        if check != "ok" {
            return Err(StoreError::BadBackup {
                path: backup.into(),
                reason: format!("integrity check: {check}"),
            });
        }
        let report = restored.verify_audit()?;
        if let Some(p) = report.problems.first() {
            return Err(StoreError::BadBackup {
                path: backup.into(),
                reason: format!("audit verify: {p}"),
            });
        }
        restored
            .conn
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE;")?;
        RestoreSummary {
            audit_entries: report.entries,
            incidents: restored.table_count("incident")?,
        }
    };
    remove_sidecars(&staging);
    remove_sidecars(target);
    info.save(target)?;
    std::fs::rename(&staging, target).map_err(StoreError::io("replacing", target))?;
    if info.keyring {
        keyring::put(&info.store_id, &key)?;
    }
    Ok(summary)
}

/// Where a rekey stages the new key info.
pub(crate) fn staged_path(store: &Path) -> PathBuf {
    with_suffix(&KeyInfo::path_for(store), ".new")
}

fn staged_store_id(info: &KeyInfo) -> String {
    format!("{}.rekey", info.store_id)
}

fn with_suffix(p: &Path, suffix: &str) -> PathBuf {
    let mut s = p.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

fn remove_sidecars(db: &Path) {
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(with_suffix(db, suffix));
    }
}

/// Open a raw connection with an explicit key (tests and tooling that bypass the API on purpose).
#[doc(hidden)]
pub fn raw_connection(path: &Path, key_hex: &str) -> Result<Connection> {
    let key = DbKey::from_hex(key_hex)
        .ok_or_else(|| StoreError::Crypto("key must be 64 hex digits".into()))?;
    connect(path, &key)
}

impl Store {
    /// The raw key as hex, for tests that tamper with the file behind the API's back.
    #[doc(hidden)]
    pub fn key_hex_for_tests(&self) -> String {
        self.key.to_hex().to_string()
    }
}
