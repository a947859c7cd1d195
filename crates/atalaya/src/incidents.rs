//! Listing incidents: the filtered, ordered, paged rows that `query`, `export` and the table read.

use atalaya_model::time::{format_local, from_unix};
use atalaya_store::{IncidentFilter, SortOrder};
use serde::Serialize;

use crate::{Result, Workspace};

/// One incident as shown to people and written to CSV/JSON.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct IncidentOut {
    /// Id (UUIDv7).
    pub id: String,
    /// When it occurred, America/Santiago ISO-8601.
    pub occurred_at: String,
    /// Taxonomy code.
    pub category: String,
    /// Longitude (WGS84).
    pub lon: Option<f64>,
    /// Latitude (WGS84).
    pub lat: Option<f64>,
    /// Cuadrante code.
    pub cuadrante: Option<String>,
    /// Barrio code.
    pub barrio: Option<String>,
    /// Address.
    pub address: Option<String>,
    /// Source name.
    pub source: Option<String>,
    /// Description.
    pub description: String,
}

/// Paging and order for a listing.
#[derive(Debug, Clone, Copy, Default)]
pub struct Page {
    /// At most this many rows (None: all).
    pub limit: Option<u64>,
    /// Skip this many first.
    pub offset: u64,
    /// Newest first instead of oldest first.
    pub newest_first: bool,
}

impl Workspace {
    /// Stream the incidents matching `filter` to `each`; returns how many were streamed.
    pub fn for_each_incident(
        &self,
        filter: &IncidentFilter,
        page: Page,
        mut each: impl FnMut(IncidentOut) -> Result<()>,
    ) -> Result<u64> {
        let order = if page.newest_first {
            SortOrder::OccurredDesc
        } else {
            SortOrder::OccurredAsc
        };
        let mut inner_err = None;
        let n = self
            .store
            .for_each_incident(filter, order, page.limit, page.offset, |r| {
                let out = IncidentOut {
                    id: r.id,
                    occurred_at: format_local(from_unix(r.occurred_from)),
                    category: r.category,
                    lon: r.lon,
                    lat: r.lat,
                    cuadrante: r.cuadrante,
                    barrio: r.barrio,
                    address: r.address,
                    source: r.source,
                    description: r.description,
                };
                each(out).map_err(|e| {
                    let msg = e.to_string();
                    inner_err = Some(e);
                    atalaya_store::StoreError::InvalidFilter(msg)
                })
            });
        match (n, inner_err) {
            (_, Some(e)) => Err(e),
            (n, None) => Ok(n?),
        }
    }

    /// How many incidents match `filter`.
    pub fn count_incidents(&self, filter: &IncidentFilter) -> Result<u64> {
        Ok(self.store.count_incidents(filter)?)
    }
}
