//! Where things live by default.

use std::path::PathBuf;

/// The default store: `<platform data dir>/atalaya/atalaya.db`
/// (`~/.local/share/atalaya/atalaya.db` on Linux).
pub fn default_store_path() -> PathBuf {
    dirs::data_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join("atalaya")
        .join("atalaya.db")
}
