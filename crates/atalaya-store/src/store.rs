//! Opening, creating and unlocking a store: key resolution, connection settings, migrations.

use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use atalaya_model::{DeviceId, Hlc, HlcClock};
use rusqlite::{Connection, OptionalExtension, params};

use crate::keys::{DbKey, KeyInfo, Protection, Unlock};
use crate::{Result, StoreError, keyring, migrations};

/// An open, unlocked, migrated store.
pub struct Store {
    pub(crate) conn: Connection,
    pub(crate) path: PathBuf,
    pub(crate) key: DbKey,
    pub(crate) key_info: KeyInfo,
    pub(crate) device_n: i64,
    pub(crate) device_id: DeviceId,
    pub(crate) clock: HlcClock,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.path)
            .field("device", &self.device_id)
            .finish()
    }
}

/// Wall-clock milliseconds since the Unix epoch.
pub(crate) fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

impl Store {
    /// Create a new, empty store at `path`, protected as `protection` says.
    pub fn create(path: &Path, protection: &Protection) -> Result<Store> {
        Self::create_at_version(path, protection, migrations::CURRENT)
    }

    /// Create a store whose schema stops at `version` (for migration tests and tooling).
    #[doc(hidden)]
    pub fn create_at_version(path: &Path, protection: &Protection, version: i64) -> Result<Store> {
        if path.exists() {
            return Err(StoreError::AlreadyExists { path: path.into() });
        }
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(StoreError::io("creating folder", dir))?;
        }
        let key = DbKey::random()?;
        let store_id = uuid::Uuid::now_v7().to_string();
        let mut info = KeyInfo {
            format: 1,
            store_id: store_id.clone(),
            keyring: false,
            passphrase: None,
        };
        if let Some(p) = &protection.passphrase {
            info.passphrase = Some(KeyInfo::wrap(&key, p)?);
        }
        if protection.keyring || info.passphrase.is_none() {
            keyring::put(&store_id, &key)?;
            info.keyring = true;
        }
        // The key file goes first (a database never exists without the means to open it), and
        // the database is built aside and renamed into place, so a crash leaves no half store.
        info.save(path)?;
        let mut building = path.as_os_str().to_owned();
        building.push(".creating");
        let building = PathBuf::from(building);
        for leftover in ["", "-wal", "-shm"] {
            let mut p = building.as_os_str().to_owned();
            p.push(leftover);
            let _ = std::fs::remove_file(PathBuf::from(p));
        }
        {
            let mut conn = connect(&building, &key)?;
            migrations::migrate_to(&mut conn, version)?;
            let device_id = DeviceId::new();
            let tx = conn.transaction()?;
            tx.execute(
                "INSERT INTO meta(key, value) VALUES ('store_id', ?1), ('device_id', ?2)",
                params![store_id, device_id.to_string()],
            )?;
            tx.execute(
                "INSERT INTO device(n, id) VALUES (1, ?1)",
                params![device_id.as_bytes().as_slice()],
            )?;
            tx.commit()?;
            conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE;")?;
        }
        std::fs::rename(&building, path).map_err(StoreError::io("moving new store to", path))?;
        let conn = connect(path, &key)?;
        Self::finish_open(conn, path, key, info)
    }

    /// Open an existing store, resolving its key from the passphrase or the OS keyring.
    pub fn open(path: &Path, unlock: &Unlock) -> Result<Store> {
        if !path.exists() {
            return Err(StoreError::NotFound { path: path.into() });
        }
        let info = KeyInfo::load(path)?;
        let key = resolve_key(path, &info, unlock)?;
        Self::open_with_key(path, key, info)
    }

    /// Open with a known key (after [`resolve_key`]); migrates to the current schema.
    pub fn open_with_key(path: &Path, key: DbKey, info: KeyInfo) -> Result<Store> {
        let mut conn = connect(path, &key)?;
        let found = migrations::version(&conn)?;
        if found > migrations::CURRENT {
            return Err(StoreError::SchemaTooNew {
                path: path.into(),
                found,
                supported: migrations::CURRENT,
            });
        }
        migrations::migrate_to(&mut conn, migrations::CURRENT)?;
        Self::finish_open(conn, path, key, info)
    }

    fn finish_open(conn: Connection, path: &Path, key: DbKey, key_info: KeyInfo) -> Result<Store> {
        let device_id: String =
            conn.query_row("SELECT value FROM meta WHERE key = 'device_id'", [], |r| {
                r.get(0)
            })?;
        let device_id = device_id.parse().map_err(|e| StoreError::Corrupt {
            table: "meta",
            column: "device_id",
            reason: format!("{e}"),
        })?;
        let last = newest_clock(&conn)?;
        Ok(Store {
            conn,
            path: path.into(),
            key,
            key_info,
            device_n: 1,
            device_id,
            clock: HlcClock::starting_after(last),
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The store's id (also its keyring user name).
    pub fn store_id(&self) -> &str {
        &self.key_info.store_id
    }

    /// This workstation's device id.
    pub fn device_id(&self) -> DeviceId {
        self.device_id
    }

    /// How the key is protected.
    pub fn key_info(&self) -> &KeyInfo {
        &self.key_info
    }

    /// The current schema version of the open database.
    pub fn schema_version(&self) -> Result<i64> {
        migrations::version(&self.conn)
    }

    /// Read-only access to the connection for queries in this crate's modules and tests.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// `PRAGMA integrity_check` → "ok" when the file is sound.
    pub fn integrity_check(&self) -> Result<String> {
        let rows: Vec<String> = self
            .conn
            .prepare("PRAGMA integrity_check")?
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        Ok(rows.join("; "))
    }
}

/// Whether opening `path` needs a passphrase (its key is not in the keyring).
pub fn needs_passphrase(path: &Path) -> Result<bool> {
    if !path.exists() {
        return Err(StoreError::NotFound { path: path.into() });
    }
    let info = KeyInfo::load(path)?;
    Ok(!info.keyring && info.passphrase.is_some())
}

/// Find the key for a store: passphrase first when one is given and the store has one,
/// otherwise the OS keyring.
pub fn resolve_key(path: &Path, info: &KeyInfo, unlock: &Unlock) -> Result<DbKey> {
    if let (Some(pass), Some(wrapped)) = (&unlock.passphrase, &info.passphrase) {
        return KeyInfo::unwrap_with(wrapped, pass)?
            .ok_or_else(|| StoreError::WrongPassphrase { path: path.into() });
    }
    if info.keyring {
        return keyring::get(&info.store_id)?.ok_or_else(|| StoreError::KeyNotInKeyring {
            store_id: info.store_id.clone(),
            path: path.into(),
        });
    }
    Err(StoreError::PassphraseRequired { path: path.into() })
}

/// The newest clock a write committed (kept in `meta` by every commit, see
/// [`crate::write::WriteTx::commit`]), so opening need not read the whole change log for it.
/// A store from before it was kept is read once, and the answer kept.
fn newest_clock(conn: &Connection) -> Result<Hlc> {
    let kept: Option<String> = conn
        .query_row("SELECT value FROM meta WHERE key = 'clock'", [], |r| {
            r.get(0)
        })
        .optional()?;
    if let Some(kept) = kept {
        let value = kept.parse::<i64>().map_err(|e| StoreError::Corrupt {
            table: "meta",
            column: "clock",
            reason: format!("{kept:?} is not a clock: {e}"),
        })?;
        return Ok(Hlc::from_i64(value));
    }
    let last =
        Hlc::from_i64(
            conn.query_row("SELECT coalesce(max(hlc), 0) FROM change", [], |r| r.get(0))?,
        );
    keep_clock(conn, last)?;
    Ok(last)
}

/// Keeps `hlc` as the newest committed clock unless a newer one is kept already.
pub(crate) fn keep_clock(conn: &Connection, hlc: Hlc) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO meta (key, value) VALUES ('clock', ?1)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value
         WHERE CAST(meta.value AS INTEGER) < CAST(excluded.value AS INTEGER)",
    )?
    .execute([hlc.as_i64().to_string()])?;
    Ok(())
}

/// Open a SQLCipher connection with a raw key and check the key by reading the schema.
pub(crate) fn connect(path: &Path, key: &DbKey) -> Result<Connection> {
    let conn = Connection::open(path)?;
    // SQLCipher would otherwise print its own "hmac check failed" lines on a wrong key; we report it.
    let _ = conn.execute_batch("PRAGMA cipher_log_level = NONE;");
    conn.execute_batch(&format!("PRAGMA key = {};", key.sql_literal().as_str()))?;
    match conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    }) {
        Ok(_) => {}
        Err(rusqlite::Error::SqliteFailure(e, _))
            if e.code == rusqlite::ErrorCode::NotADatabase =>
        {
            return Err(StoreError::WrongKey { path: path.into() });
        }
        Err(e) => return Err(e.into()),
    }
    conn.execute_batch(
        "PRAGMA journal_mode = WAL;
         PRAGMA synchronous = NORMAL;
         PRAGMA foreign_keys = ON;
         PRAGMA temp_store = MEMORY;
         PRAGMA cache_size = -65536;",
    )?;
    // The write path and its lookups use a few dozen distinct statements; with rusqlite's
    // default of 16 they would be prepared again and again in a bulk import.
    conn.set_prepared_statement_cache_capacity(64);
    Ok(conn)
}
