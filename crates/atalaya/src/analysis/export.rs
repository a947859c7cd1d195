//! Saving an analysis from the desktop panel: CSV and GeoJSON written by the same renderers as
//! `atalaya analyse --format csv|geojson`, and a PNG of the map view (the page's canvas as a
//! `data:image/png;base64,…` URL). Files go to the path the user gave, or beside the store in
//! `exportaciones/` with a name that says what and when; each is written to a `.partial` file
//! first and renamed, so a failed write never leaves half a file under the real name.

use std::path::{Path, PathBuf};

use base64::Engine;
use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::panel::AnalysisResult;
use crate::{Error, Result};

/// The folder beside the store where exports go when no path is given.
pub const EXPORT_DIR: &str = "exportaciones";

/// What to save.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    /// The full result table.
    Csv,
    /// The map layer.
    Geojson,
    /// The map view as the user sees it.
    Png,
}

impl ExportFormat {
    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::Geojson => "geojson",
            Self::Png => "png",
        }
    }
}

/// The bytes of `result` as CSV or GeoJSON (`invalid_argument` for PNG, which comes from the
/// page, and for GeoJSON of rhythms or CompStat).
pub fn export_bytes(result: &AnalysisResult, format: ExportFormat) -> Result<Vec<u8>> {
    match format {
        ExportFormat::Csv => Ok(result.csv().to_csv().into_bytes()),
        ExportFormat::Geojson => {
            let mut text = serde_json::to_string(&result.geojson()?).map_err(|e| {
                Error::invalid("--format", "geojson", format!("a serializable layer ({e})"))
            })?;
            text.push('\n');
            Ok(text.into_bytes())
        }
        ExportFormat::Png => Err(Error::invalid(
            "format",
            "png",
            "csv or geojson (a PNG is made from the map view)",
        )),
    }
}

/// The PNG inside a `data:image/png;base64,…` URL, checked to be a PNG.
pub fn png_from_data_url(url: &str) -> Result<Vec<u8>> {
    let bad = |why: &str| Error::invalid("png", format!("{:.40}…", url), why.to_owned());
    let data = url
        .strip_prefix("data:image/png;base64,")
        .ok_or_else(|| bad("a data:image/png;base64 URL"))?;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(data.trim())
        .map_err(|_| bad("valid base64"))?;
    const MAGIC: &[u8] = b"\x89PNG\r\n\x1a\n";
    if !bytes.starts_with(MAGIC) {
        return Err(bad("PNG data (the signature is missing)"));
    }
    Ok(bytes)
}

/// `<store dir>/exportaciones/analisis-<kind>-<YYYYMMDD-HHMMSS>.<ext>` (UTC), for a save with
/// no path given.
pub fn default_export_path(
    store: &Path,
    kind: &str,
    format: ExportFormat,
    now: DateTime<Utc>,
) -> PathBuf {
    let dir = store.parent().unwrap_or(Path::new(".")).join(EXPORT_DIR);
    dir.join(format!(
        "analisis-{kind}-{}.{}",
        now.format("%Y%m%d-%H%M%S"),
        format.extension()
    ))
}

/// The path a save writes: the one chosen (when not blank), else [`default_export_path`] now.
pub fn export_path(
    store: &Path,
    kind: &str,
    format: ExportFormat,
    chosen: Option<&str>,
) -> PathBuf {
    match chosen.map(str::trim).filter(|p| !p.is_empty()) {
        Some(p) => PathBuf::from(p),
        None => default_export_path(store, kind, format, Utc::now()),
    }
}

/// Writes `bytes` to `path` (its folder made if missing) through `<path>.partial` and a rename.
pub fn write_export(path: &Path, bytes: &[u8]) -> Result<()> {
    let io = |action: &'static str, p: &Path| {
        let p = p.to_path_buf();
        move |source| Error::Io {
            action,
            path: p,
            source,
        }
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(io("creating", dir))?;
    }
    let mut partial = path.as_os_str().to_owned();
    partial.push(".partial");
    let partial = PathBuf::from(partial);
    std::fs::write(&partial, bytes).map_err(io("writing", &partial))?;
    std::fs::rename(&partial, path).map_err(io("renaming into place", path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn given_no_path_when_exporting_then_a_dated_file_beside_the_store() {
        let now = DateTime::parse_from_rfc3339("2025-06-02T14:05:09Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(
            default_export_path(
                Path::new("/datos/atalaya.db"),
                "hotspots",
                ExportFormat::Geojson,
                now
            ),
            PathBuf::from("/datos/exportaciones/analisis-hotspots-20250602-140509.geojson")
        );
    }

    #[test]
    fn given_data_urls_when_decoding_png_then_only_png_bytes_pass() {
        // The 8-byte PNG signature plus "IHDR", base64-encoded by hand.
        let png = png_from_data_url("data:image/png;base64,iVBORw0KGgpJSERS").unwrap();
        assert_eq!(png, b"\x89PNG\r\n\x1a\nIHDR");
        for bad in [
            "data:image/jpeg;base64,iVBORw0KGgo=",
            "data:image/png;base64,!!!",
            "data:image/png;base64,SGVsbG8=",
        ] {
            let e = png_from_data_url(bad).unwrap_err();
            assert_eq!(e.code(), "invalid_argument", "{bad}");
        }
    }

    #[test]
    fn given_a_missing_folder_when_writing_then_it_is_made_and_no_partial_file_stays() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("exportaciones").join("a.csv");
        write_export(&path, b"x,y\n1,2\n").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"x,y\n1,2\n");
        let names: Vec<_> = std::fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("a.csv")]);
    }
}
