//! Keeping a store sound: audit verification, rekey, backup and restore.

use std::path::Path;

use atalaya_store::{AuditReport, Unlock};
use zeroize::Zeroizing;

use crate::{Result, Workspace};

pub use atalaya_store::backup::RestoreSummary;

impl Workspace {
    /// Verify the audit chain, every change entry and every traced record.
    pub fn verify_audit(&self) -> Result<AuditReport> {
        Ok(self.store.verify_audit()?)
    }

    /// Re-encrypt the store under a fresh key (wrapped by `new_passphrase` when given; a
    /// passphrase-protected store needs one).
    pub fn rekey(&mut self, new_passphrase: Option<String>) -> Result<()> {
        Ok(self.store.rekey(new_passphrase.map(Zeroizing::new))?)
    }

    /// Write an encrypted backup to `dest` (plus `dest.keyinfo`).
    pub fn backup(&self, dest: &Path) -> Result<()> {
        Ok(self.store.backup(dest)?)
    }

    /// `PRAGMA integrity_check` of the database file.
    pub fn integrity_check(&self) -> Result<String> {
        Ok(self.store.integrity_check()?)
    }
}

/// Restore a backup over the (closed) store at `target`, after checking the backup fully.
pub fn restore(backup: &Path, target: &Path, passphrase: Option<String>) -> Result<RestoreSummary> {
    Ok(atalaya_store::backup::restore(
        backup,
        target,
        &Unlock {
            passphrase: passphrase.map(Zeroizing::new),
        },
    )?)
}
