//! A base map written from the geometry a store already holds: streets and areas cut into
//! vector tiles (MVT) for a range of zooms and packed as one PMTiles v3 file.
//!
//! The layers, which `ui/src/lib/map-style.ts` draws:
//! - `streets`: lines with `name` and `class` (`main` for main axes, else `local`);
//! - `areas`: polygons with `kind` (`comuna`, `cuadrante`, `barrio`), `code` and `name`;
//! - `area_labels`: one point inside each area, with the same properties, for its name.

mod tile;

use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

use geo::{InteriorPoint, LineString, MultiPolygon, Rect};
use pmtiles::{PmTilesWriter, TileCoord, TileType};
use serde::Serialize;

use crate::error::{Result, TilesError};
use tile::{Feature, Shape, TileCutter};

/// One street's centre line.
#[derive(Clone, Debug, PartialEq)]
pub struct StreetLine {
    /// Its name, drawn along the line at high zoom.
    pub name: String,
    /// A main axis (drawn wider, from lower zooms).
    pub main: bool,
    /// WGS84 lon/lat.
    pub line: LineString<f64>,
}

/// One area polygon.
#[derive(Clone, Debug, PartialEq)]
pub struct AreaShape {
    /// `comuna`, `cuadrante` or `barrio`.
    pub kind: String,
    /// Its stable code.
    pub code: String,
    /// Its display name.
    pub name: String,
    /// WGS84 lon/lat.
    pub shape: MultiPolygon<f64>,
}

/// What goes into the base map.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BaseMapLayers {
    /// The street network.
    pub streets: Vec<StreetLine>,
    /// The areas.
    pub areas: Vec<AreaShape>,
}

/// Which zooms to cut.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BuildOptions {
    /// The lowest zoom written.
    pub min_zoom: u8,
    /// The highest zoom written; the map over-zooms beyond it.
    pub max_zoom: u8,
}

impl Default for BuildOptions {
    /// z11 (the whole comuna in one or two tiles) to z16 (a few blocks per tile).
    fn default() -> Self {
        Self {
            min_zoom: 11,
            max_zoom: 16,
        }
    }
}

/// What [`write_base_map`] wrote.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BuildSummary {
    /// The file written.
    pub path: PathBuf,
    /// Tiles with content.
    pub tiles: u64,
    /// File size.
    pub bytes: u64,
    /// The lowest zoom.
    pub min_zoom: u8,
    /// The highest zoom.
    pub max_zoom: u8,
    /// `[west, south, east, north]` of everything drawn.
    pub bounds: [f64; 4],
    /// Streets drawn.
    pub streets: usize,
    /// Areas drawn.
    pub areas: usize,
}

/// Writes `layers` as a PMTiles v3 base map at `path` (through a temporary file beside it, so
/// a failed build never leaves half a file where a good one was).
pub fn write_base_map(
    path: &Path,
    layers: &BaseMapLayers,
    options: &BuildOptions,
) -> Result<BuildSummary> {
    let fail = |reason: String| TilesError::Write {
        path: path.to_path_buf(),
        reason,
    };
    if options.min_zoom > options.max_zoom || options.max_zoom > 20 {
        return Err(fail(format!(
            "zooms {}..{} must be ascending and at most 20",
            options.min_zoom, options.max_zoom
        )));
    }
    let features = features(layers);
    let Some(bounds) = bounds_of(&features) else {
        return Err(fail("the store has no streets or areas to draw".into()));
    };
    let cutter = TileCutter::new(&features);

    let partial = path.with_extension("pmtiles.partial");
    let file = File::create(&partial).map_err(|e| TilesError::io("writing", &partial, e))?;
    let center = bounds.center();
    let metadata = serde_json::json!({
        "name": "Atalaya base map",
        "description": "Streets and areas from an Atalaya store",
        "attribution": "Atalaya",
        "vector_layers": [
            { "id": "areas", "fields": { "kind": "String", "code": "String", "name": "String" } },
            { "id": "area_labels", "fields": { "kind": "String", "code": "String", "name": "String" } },
            { "id": "streets", "fields": { "name": "String", "class": "String" } },
        ],
    });
    let mut writer = PmTilesWriter::new(TileType::Mvt)
        .min_zoom(options.min_zoom)
        .max_zoom(options.max_zoom)
        .bounds(
            bounds.min().x,
            bounds.min().y,
            bounds.max().x,
            bounds.max().y,
        )
        .center(center.x, center.y)
        .center_zoom(options.min_zoom.max(13).min(options.max_zoom))
        .metadata(metadata.to_string())
        .create(BufWriter::new(file))
        .map_err(|e| fail(e.to_string()))?;
    let mut tiles = 0u64;
    for z in options.min_zoom..=options.max_zoom {
        for (x, y) in tile::covering(bounds, z) {
            let Some(bytes) = cutter.cut(z, x, y).map_err(|e| fail(e.to_string()))? else {
                continue;
            };
            let coord = TileCoord::new(z, x, y).map_err(|e| fail(e.to_string()))?;
            writer
                .add_tile(coord, &bytes)
                .map_err(|e| fail(e.to_string()))?;
            tiles += 1;
        }
    }
    writer.finalize().map_err(|e| fail(e.to_string()))?;
    std::fs::rename(&partial, path).map_err(|e| TilesError::io("writing", path, e))?;
    let bytes = std::fs::metadata(path)
        .map_err(|e| TilesError::io("reading", path, e))?
        .len();
    Ok(BuildSummary {
        path: path.to_path_buf(),
        tiles,
        bytes,
        min_zoom: options.min_zoom,
        max_zoom: options.max_zoom,
        bounds: [
            bounds.min().x,
            bounds.min().y,
            bounds.max().x,
            bounds.max().y,
        ],
        streets: layers.streets.len(),
        areas: layers.areas.len(),
    })
}

/// Every feature of every layer, in the order they are drawn (areas under streets).
fn features(layers: &BaseMapLayers) -> Vec<Feature> {
    let mut out = Vec::new();
    for area in &layers.areas {
        let props = vec![
            ("kind", area.kind.clone()),
            ("code", area.code.clone()),
            ("name", area.name.clone()),
        ];
        out.push(Feature::new(
            "areas",
            Shape::Polygons(area.shape.clone()),
            props.clone(),
        ));
        if let Some(point) = area.shape.interior_point() {
            out.push(Feature::new("area_labels", Shape::Point(point), props));
        }
    }
    for street in &layers.streets {
        let class = if street.main { "main" } else { "local" };
        out.push(Feature::new(
            "streets",
            Shape::Line(street.line.clone()),
            vec![("name", street.name.clone()), ("class", class.into())],
        ));
    }
    out
}

fn bounds_of(features: &[Feature]) -> Option<Rect<f64>> {
    features
        .iter()
        .filter_map(Feature::lonlat_bounds)
        .reduce(|a, b| {
            Rect::new(
                geo::coord! { x: a.min().x.min(b.min().x), y: a.min().y.min(b.min().y) },
                geo::coord! { x: a.max().x.max(b.max().x), y: a.max().y.max(b.max().y) },
            )
        })
}
