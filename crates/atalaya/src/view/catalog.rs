//! What the filter panel offers and the map's area layers: the taxonomy tree, the sources and
//! areas the store knows, the span of days, and the comuna, cuadrante and barrio shapes as
//! GeoJSON feature collections.

use atalaya_model::time::date_of_day_number;
use serde::Serialize;
use serde_json::{Value, json};

use crate::{Result, Workspace};

/// A category under its group.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct CatalogCategory {
    /// Code.
    pub code: String,
    /// Spanish label.
    pub label_es: String,
    /// English label.
    pub label_en: String,
}

/// A taxonomy group and its categories, in taxonomy order.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct CatalogGroup {
    /// Code.
    pub code: String,
    /// Spanish label.
    pub label_es: String,
    /// English label.
    pub label_en: String,
    /// Its categories.
    pub categories: Vec<CatalogCategory>,
}

/// An area to choose.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct AreaOption {
    /// Code.
    pub code: String,
    /// Display name.
    pub name: String,
}

/// Everything the filter panel can offer.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ViewCatalog {
    /// Incidents in the store.
    pub incidents: u64,
    /// The taxonomy tree.
    pub groups: Vec<CatalogGroup>,
    /// Source names.
    pub sources: Vec<String>,
    /// Cuadrantes.
    pub cuadrantes: Vec<AreaOption>,
    /// Barrios.
    pub barrios: Vec<AreaOption>,
    /// First and last local day with incidents, `YYYY-MM-DD`.
    pub first_day: Option<String>,
    /// See `first_day`.
    pub last_day: Option<String>,
}

/// The store's areas as GeoJSON feature collections (properties: `code`, `name`).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AreaLayers {
    /// The comuna boundary.
    pub comuna: Value,
    /// Cuadrantes.
    pub cuadrantes: Value,
    /// Barrios.
    pub barrios: Value,
}

impl Workspace {
    /// The filter panel's options, read from the store (the taxonomy, the areas and sources
    /// tables, the rollup's count and span of days) rather than the in-memory view, which
    /// need not be caught up for it.
    pub fn view_catalog(&self) -> Result<ViewCatalog> {
        let areas = |kind| -> Result<Vec<AreaOption>> {
            Ok(self
                .store
                .areas(kind)?
                .into_iter()
                .map(|(code, name)| AreaOption { code, name })
                .collect())
        };
        let day = |d: i32| date_of_day_number(d).to_string();
        let span = self.store.incident_day_span()?;
        Ok(ViewCatalog {
            incidents: self.store.incident_total()?,
            groups: self
                .taxonomy
                .groups
                .iter()
                .map(|g| CatalogGroup {
                    code: g.code.clone(),
                    label_es: g.es.clone(),
                    label_en: g.en.clone(),
                    categories: self
                        .taxonomy
                        .categories
                        .iter()
                        .filter(|c| c.group == g.code)
                        .map(|c| CatalogCategory {
                            code: c.code.clone(),
                            label_es: c.es.clone(),
                            label_en: c.en.clone(),
                        })
                        .collect(),
                })
                .collect(),
            sources: self.store.sources()?.into_iter().map(|(n, _)| n).collect(),
            cuadrantes: areas("cuadrante")?,
            barrios: areas("barrio")?,
            first_day: span.map(|(first, _)| day(first)),
            last_day: span.map(|(_, last)| day(last)),
        })
    }
}

impl Workspace {
    /// The comuna, cuadrante and barrio shapes for the map.
    pub fn area_layers(&self) -> Result<AreaLayers> {
        let mut layers = [vec![], vec![], vec![]];
        for a in self.store.area_geometries()? {
            let slot = match a.kind.as_str() {
                "comuna" => 0,
                "cuadrante" => 1,
                _ => 2,
            };
            // Stored by the write path from a parsed geometry: a parse failure is corruption,
            // and the map is still useful without that one shape.
            let Ok(geometry) = serde_json::from_str::<Value>(&a.geometry) else {
                continue;
            };
            layers[slot].push(json!({
                "type": "Feature",
                "properties": { "code": a.code, "name": a.name },
                "geometry": geometry,
            }));
        }
        let [comuna, cuadrantes, barrios] =
            layers.map(|features| json!({ "type": "FeatureCollection", "features": features }));
        Ok(AreaLayers {
            comuna,
            cuadrantes,
            barrios,
        })
    }
}
