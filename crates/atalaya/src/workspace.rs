//! The workspace handle: create or open a store and keep its reference data current.

use std::path::{Path, PathBuf};

use atalaya_model::Taxonomy;
use atalaya_store::Value;
use atalaya_store::schema::{CATEGORY, CATEGORY_GROUP};
use atalaya_store::{Protection, Store, Unlock, codec};
use zeroize::Zeroizing;

use crate::Result;

/// How to find and unlock a store.
#[derive(Debug, Clone, Default)]
pub struct OpenOptions {
    /// The database file.
    pub path: PathBuf,
    /// The passphrase, if the user gave one (else the OS keyring is used).
    pub passphrase: Option<String>,
    /// Who is acting (recorded in the audit trail); defaults to the OS user.
    pub actor: Option<String>,
}

impl OpenOptions {
    /// Options for the store at `path`.
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self {
            path: path.into(),
            ..Self::default()
        }
    }

    /// With a passphrase.
    pub fn with_passphrase(mut self, passphrase: Option<String>) -> Self {
        self.passphrase = passphrase;
        self
    }

    fn unlock(&self) -> Unlock {
        Unlock {
            passphrase: self.passphrase.clone().map(Zeroizing::new),
        }
    }

    fn actor(&self) -> String {
        self.actor
            .clone()
            .or_else(|| std::env::var("USER").ok())
            .or_else(|| std::env::var("USERNAME").ok())
            .unwrap_or_else(|| "atalaya".into())
    }
}

/// An unlocked store and the vocabulary it is read with.
pub struct Workspace {
    pub(crate) store: Store,
    pub(crate) taxonomy: Taxonomy,
    pub(crate) actor: String,
}

impl std::fmt::Debug for Workspace {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Workspace")
            .field("path", &self.store.path())
            .finish()
    }
}

/// Whether the store at `path` can only be opened with a passphrase.
pub fn store_needs_passphrase(path: &Path) -> Result<bool> {
    Ok(atalaya_store::store::needs_passphrase(path)?)
}

impl Workspace {
    /// Create a new store. With a passphrase the key is wrapped by it; without one the key goes
    /// to the OS keyring (and a missing keyring is a clear error saying how to use a passphrase).
    pub fn create(opts: &OpenOptions) -> Result<Workspace> {
        let protection = Protection {
            passphrase: opts.passphrase.clone().map(Zeroizing::new),
            keyring: opts.passphrase.is_none(),
        };
        let store = Store::create(&opts.path, &protection)?;
        Self::ready(store, opts)
    }

    /// Open an existing store.
    pub fn open(opts: &OpenOptions) -> Result<Workspace> {
        let store = Store::open(&opts.path, &opts.unlock())?;
        Self::ready(store, opts)
    }

    /// Open the store, creating it first if it does not exist.
    pub fn open_or_create(opts: &OpenOptions) -> Result<Workspace> {
        if opts.path.exists() {
            Self::open(opts)
        } else {
            Self::create(opts)
        }
    }

    fn ready(store: Store, opts: &OpenOptions) -> Result<Workspace> {
        let mut ws = Workspace {
            store,
            taxonomy: Taxonomy::standard(),
            actor: opts.actor(),
        };
        ws.sync_taxonomy()?;
        Ok(ws)
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        self.store.path()
    }

    /// The standard taxonomy.
    pub fn taxonomy(&self) -> &Taxonomy {
        &self.taxonomy
    }

    /// The underlying store (for this crate's tests and benchmarks).
    #[doc(hidden)]
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Mutable store access (for benchmarks that measure the write path itself).
    #[doc(hidden)]
    pub fn store_mut(&mut self) -> &mut Store {
        &mut self.store
    }

    /// Bring the store's taxonomy tables in line with the shipped taxonomy; writes (and audits)
    /// only what differs, so opening an up-to-date store writes nothing.
    fn sync_taxonomy(&mut self) -> Result<()> {
        let groups: Vec<Vec<Value>> = self
            .taxonomy
            .groups
            .iter()
            .enumerate()
            .map(|(i, g)| codec::category_group(g, i))
            .collect();
        let cats: Vec<Vec<Value>> = self
            .taxonomy
            .categories
            .iter()
            .enumerate()
            .map(|(i, c)| codec::category(c, i))
            .collect();
        let mut tx = self.store.write(&self.actor, "taxonomy.sync")?;
        for (spec, rows) in [(&CATEGORY_GROUP, &groups), (&CATEGORY, &cats)] {
            for row in rows {
                match tx.read_row(spec, &row[0])? {
                    None => tx.insert(spec, row)?,
                    Some(current) if current != *row => {
                        let changes: Vec<(&str, Value)> = spec
                            .columns
                            .iter()
                            .zip(row)
                            .skip(1)
                            .map(|(c, v)| (*c, v.clone()))
                            .collect();
                        tx.update(spec, &row[0], &changes)?;
                    }
                    Some(_) => {}
                }
            }
        }
        let changes = tx.change_count();
        if changes > 0 {
            tx.commit(serde_json::json!({ "taxonomy_version": self.taxonomy.version, "changes": changes }))?;
        }
        Ok(())
    }
}
