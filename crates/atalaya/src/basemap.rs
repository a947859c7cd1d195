//! The offline base map: building one from the store's streets and areas, opening a user's
//! tiles file, and remembering which file a store uses.
//!
//! The choice is kept in a small JSON file beside the store, `<store>.basemap.json`
//! (`{"base_map": "/path/to/file.pmtiles"}`, or `null` once the user cleared it). It holds no
//! secret, is per store (a field laptop's store and an analyst's can use different maps), and
//! is readable before the store is unlocked, so the map can draw its background at once. A
//! store with no saved choice uses `ATALAYA_TILES` when the shell passes it in.

use std::path::{Path, PathBuf};

use atalaya_tiles::{AreaShape, BaseMapLayers, StreetLine};
pub use atalaya_tiles::{
    BuildOptions, BuildSummary, MVT_CONTENT_TYPE, TilesError, TilesFile, TilesFormat, TilesInfo,
};
use geo::LineString;
use serde::{Deserialize, Serialize};

use crate::{Error, Result, Workspace};

impl Workspace {
    /// Writes a PMTiles base map of the store's streets and areas to `out` (z11–z16).
    pub fn build_base_map(&self, out: &Path) -> Result<BuildSummary> {
        let streets = self
            .store
            .streets()?
            .into_iter()
            .filter(|s| s.line.len() >= 2)
            .map(|s| StreetLine {
                name: s.name,
                main: s.main_axis,
                line: LineString::from(s.line.iter().map(|p| (p.lon, p.lat)).collect::<Vec<_>>()),
            })
            .collect();
        let areas = self
            .store
            .area_shapes()?
            .into_iter()
            .map(|a| AreaShape {
                kind: a.kind.as_str().into(),
                code: a.code,
                name: a.name,
                shape: a.geometry,
            })
            .collect();
        let layers = BaseMapLayers { streets, areas };
        Ok(atalaya_tiles::write_base_map(
            out,
            &layers,
            &BuildOptions::default(),
        )?)
    }
}

/// Opens and validates a tiles file (PMTiles v3 or MBTiles of vector tiles).
pub fn open_base_map(path: &Path) -> Result<TilesFile> {
    Ok(TilesFile::open(path)?)
}

/// What a tiles file holds, or why it cannot be used.
pub fn tiles_info(path: &Path) -> Result<TilesInfo> {
    Ok(open_base_map(path)?.info().clone())
}

/// The settings file beside `store` that remembers its base map.
pub fn base_map_setting_path(store: &Path) -> PathBuf {
    let mut name = store.as_os_str().to_owned();
    name.push(".basemap.json");
    PathBuf::from(name)
}

#[derive(Serialize, Deserialize)]
struct Setting {
    base_map: Option<PathBuf>,
}

/// The base map saved for `store`: `None` if nothing was ever saved, `Some(None)` if the user
/// cleared it, `Some(Some(path))` if they chose a file. A damaged settings file counts as
/// nothing saved (the user can choose again).
pub fn saved_base_map(store: &Path) -> Option<Option<PathBuf>> {
    let text = std::fs::read_to_string(base_map_setting_path(store)).ok()?;
    serde_json::from_str::<Setting>(&text)
        .ok()
        .map(|s| s.base_map)
}

/// Remembers `choice` (a file, or none) as `store`'s base map; written whole or not at all.
pub fn save_base_map(store: &Path, choice: Option<&Path>) -> Result<()> {
    let path = base_map_setting_path(store);
    let setting = Setting {
        base_map: choice.map(Path::to_path_buf),
    };
    let text = serde_json::to_string_pretty(&setting).unwrap_or_default();
    let partial = path.with_extension("json.partial");
    let io = |source| Error::Io {
        action: "writing the base map setting",
        path: path.clone(),
        source,
    };
    std::fs::write(&partial, text).map_err(io)?;
    std::fs::rename(&partial, &path).map_err(io)
}

/// The base map a session starts with: the store's saved choice, else `fallback` (the shell
/// passes `ATALAYA_TILES`).
pub fn initial_base_map(store: &Path, fallback: Option<PathBuf>) -> Option<PathBuf> {
    match saved_base_map(store) {
        Some(choice) => choice,
        None => fallback,
    }
}

/// Why the saved base map could not be opened (shown until the user chooses again).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BaseMapProblem {
    /// The file.
    pub path: PathBuf,
    /// [`Error::code`].
    pub code: &'static str,
    /// For people.
    pub message: String,
}

/// The base map in use, as the map and its control see it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BaseMapState {
    /// The open tiles file, if any.
    pub path: Option<PathBuf>,
    /// What it holds.
    pub info: Option<TilesInfo>,
    /// Bumped at every change, so tile URLs of an older file are never reused.
    pub version: u64,
    /// The saved file that could not be opened at start.
    pub problem: Option<BaseMapProblem>,
}

struct Current {
    file: Option<std::sync::Arc<TilesFile>>,
    version: u64,
    problem: Option<BaseMapProblem>,
}

/// One store's base map: which tiles file it uses, validated before it replaces the previous
/// one, and its tiles. Cheap to clone and shareable between threads; tile reads do not wait
/// for one another beyond the file's own lock.
#[derive(Clone)]
pub struct StoreBaseMap {
    store: PathBuf,
    current: std::sync::Arc<std::sync::Mutex<Current>>,
}

impl StoreBaseMap {
    /// The base map of `store`: its saved choice, else `fallback`. A file that cannot be
    /// opened leaves no base map and a [`BaseMapProblem`] in the state.
    pub fn load(store: &Path, fallback: Option<PathBuf>) -> Self {
        let mut current = Current {
            file: None,
            version: 1,
            problem: None,
        };
        if let Some(path) = initial_base_map(store, fallback) {
            match open_base_map(&path) {
                Ok(file) => current.file = Some(std::sync::Arc::new(file)),
                Err(e) => {
                    current.problem = Some(BaseMapProblem {
                        path,
                        code: e.code(),
                        message: e.to_string(),
                    });
                }
            }
        }
        Self {
            store: store.to_path_buf(),
            current: std::sync::Arc::new(std::sync::Mutex::new(current)),
        }
    }

    /// What is in use now.
    pub fn state(&self) -> BaseMapState {
        let current = self.lock();
        BaseMapState {
            path: current.file.as_ref().map(|f| f.path().to_path_buf()),
            info: current.file.as_ref().map(|f| f.info().clone()),
            version: current.version,
            problem: current.problem.clone(),
        }
    }

    /// Uses `path` from now on and remembers it for the store — only if it is a usable tiles
    /// file: otherwise the error says why and the previous base map stays.
    pub fn choose(&self, path: &Path) -> Result<BaseMapState> {
        let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        let file = open_base_map(&path)?;
        save_base_map(&self.store, Some(&path))?;
        self.replace(Some(std::sync::Arc::new(file)));
        Ok(self.state())
    }

    /// Back to the plain background, remembered for the store.
    pub fn clear(&self) -> Result<BaseMapState> {
        save_base_map(&self.store, None)?;
        self.replace(None);
        Ok(self.state())
    }

    /// Tile `z/x/y` (MVT, decompressed) of the base map in use; `None` when there is no base
    /// map or no tile there.
    pub fn tile(&self, z: u8, x: u32, y: u32) -> Result<Option<Vec<u8>>> {
        let file = self.lock().file.clone();
        match file {
            Some(file) => Ok(file.tile(z, x, y)?),
            None => Ok(None),
        }
    }

    fn replace(&self, file: Option<std::sync::Arc<TilesFile>>) {
        let mut current = self.lock();
        current.file = file;
        current.version += 1;
        current.problem = None;
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Current> {
        // Every write to `Current` is a plain assignment: a panic elsewhere cannot leave it torn.
        self.current
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn given_no_setting_then_the_fallback_is_used_and_a_saved_choice_wins_even_when_cleared() {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("a.db");
        let env = Some(PathBuf::from("/maps/env.pmtiles"));
        assert_eq!(initial_base_map(&store, env.clone()), env);

        save_base_map(&store, Some(Path::new("/maps/mine.pmtiles"))).unwrap();
        assert_eq!(
            initial_base_map(&store, env.clone()),
            Some(PathBuf::from("/maps/mine.pmtiles"))
        );
        save_base_map(&store, None).unwrap();
        assert_eq!(initial_base_map(&store, env), None);
        assert!(dir.path().join("a.db.basemap.json").exists());
    }
}
