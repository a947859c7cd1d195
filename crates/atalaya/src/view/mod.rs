//! The analyst's main screen, served from memory: a columnar index of every incident built with
//! one scan after unlock, over which filters, map clusters, counts and table order are computed
//! in Rust, so a filter change on a million incidents costs milliseconds and only what is seen
//! (a few thousand map features, a page of rows) crosses to the UI.
//!
//! An [`IncidentView`] is a snapshot: it remembers the audit seq it was built at, and
//! [`Workspace::view_is_current`] says when a write has made it stale (rebuild it then). Full-text
//! search goes through the store's FTS5 index to a set of rows; only table pages and the detail
//! panel read records from the store.

mod catalog;
mod clusters;
mod detail;
mod index;
mod lasso;
mod matcher;
mod page;
mod refresh;
mod snapshot;
mod summary;

use std::collections::HashSet;
use std::sync::{Arc, Mutex, PoisonError};

use atalaya_store::IncidentFilter;
use serde::{Deserialize, Serialize};

pub use catalog::{AreaLayers, AreaOption, CatalogCategory, CatalogGroup, ViewCatalog};
pub use clusters::{Cluster, MapLayer, MapPoint, MapRequest, POINT_LIMIT};
pub use detail::{HistoryOut, IncidentDetail, LineageOut};
pub use index::IncidentIndex;
pub use lasso::MAX_LASSO_VERTICES;
pub use page::{MAX_PAGE_ROWS, PageRequest, SortColumn, SortSpec, TablePage, TableRow};
pub use summary::{DayCounts, KeyCount, ViewSummary};

use crate::filter::FilterArgs;
use crate::{Result, Workspace};

/// Incidents picked on the map, on top of the filter.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Selection {
    /// Every incident a cluster counted: grid cell `(x, y)` of grid zoom `zoom`.
    Cell {
        /// Grid zoom ([`MapLayer::grid_zoom`]).
        zoom: u8,
        /// Cell column.
        x: u32,
        /// Cell row.
        y: u32,
    },
    /// Every incident located in `[min_lon, min_lat, max_lon, max_lat]` (edges included).
    Box {
        /// The box.
        bbox: [f64; 4],
    },
    /// Every incident located inside the lasso drawn on the map, or on its outline.
    Polygon {
        /// `[lon, lat]` vertices, closed (last = first) or not; at least three distinct
        /// points, at most [`MAX_LASSO_VERTICES`]. A ring that crosses itself follows the
        /// nonzero winding rule.
        ring: Vec<[f64; 2]>,
    },
    /// These incidents (by rid).
    Incidents {
        /// Local row numbers.
        rids: Vec<i64>,
    },
}

/// A filter and, optionally, a map selection within it.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ViewQuery {
    /// The filter panel's state.
    #[serde(default)]
    pub filter: FilterArgs,
    /// The map selection.
    #[serde(default)]
    pub selection: Option<Selection>,
}

/// The rows whose text matched a search, as a bitset over index positions.
#[derive(Debug)]
pub(crate) struct TextMatches {
    bits: Vec<u64>,
}

impl TextMatches {
    fn from_rids(index: &IncidentIndex, rids: &[i64]) -> Self {
        let mut bits = vec![0u64; index.len().div_ceil(64)];
        for p in rids.iter().filter_map(|r| index.position(*r)) {
            bits[p / 64] |= 1 << (p % 64);
        }
        Self { bits }
    }

    pub(crate) fn contains(&self, pos: usize) -> bool {
        self.bits[pos / 64] & (1 << (pos % 64)) != 0
    }
}

/// A small most-recently-used cache keyed by text.
struct Recent<T> {
    slots: Mutex<Vec<(String, Arc<T>)>>,
    capacity: usize,
}

impl<T> Recent<T> {
    fn new(capacity: usize) -> Self {
        Self {
            slots: Mutex::new(Vec::new()),
            capacity,
        }
    }

    fn get(&self, key: &str) -> Option<Arc<T>> {
        let mut slots = self.slots.lock().unwrap_or_else(PoisonError::into_inner);
        let at = slots.iter().position(|(k, _)| k == key)?;
        let hit = slots.remove(at);
        let value = hit.1.clone();
        slots.insert(0, hit);
        Some(value)
    }

    fn put(&self, key: String, value: Arc<T>) {
        let mut slots = self.slots.lock().unwrap_or_else(PoisonError::into_inner);
        slots.retain(|(k, _)| *k != key);
        slots.insert(0, (key, value));
        slots.truncate(self.capacity);
    }
}

/// The in-memory view of a store's incidents (see the module docs).
pub struct IncidentView {
    index: IncidentIndex,
    built_at_seq: i64,
    /// The last change-log entry the index reflects (where a refresh reads on from).
    change_seq: i64,
    texts: Recent<TextMatches>,
    /// Positions matching a filter at any time, per filter without its dates.
    matches: Recent<Vec<u32>>,
    /// Positions in table order, per (filter, selection, order).
    orders: Recent<Vec<u32>>,
}

impl std::fmt::Debug for IncidentView {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IncidentView")
            .field("incidents", &self.index.len())
            .field("built_at_seq", &self.built_at_seq)
            .finish()
    }
}

impl IncidentView {
    /// Incidents indexed.
    pub fn len(&self) -> usize {
        self.index.len()
    }

    /// Whether the store had no incidents.
    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// Approximate memory held by the index, in bytes.
    pub fn heap_bytes(&self) -> usize {
        self.index.heap_bytes()
    }

    /// The search matches for the filter's text, if it has any (cached per text).
    pub(crate) fn text_matches(
        &self,
        ws: &Workspace,
        filter: &IncidentFilter,
    ) -> Result<Option<Arc<TextMatches>>> {
        let Some(text) = filter
            .text
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
        else {
            return Ok(None);
        };
        if let Some(hit) = self.texts.get(text) {
            return Ok(Some(hit));
        }
        let rids = ws.store.search_incident_rids(text)?;
        let matches = Arc::new(TextMatches::from_rids(&self.index, &rids));
        self.texts.put(text.to_owned(), matches.clone());
        Ok(Some(matches))
    }
}

impl IncidentView {
    /// Positions matching everything in `filter` but its dates, ascending (so in time order).
    /// Cached: counts, map and table of one filter change share one pass over the index, and
    /// moving only the dates (the histogram brush) reuses it.
    pub(crate) fn matching(
        &self,
        ws: &Workspace,
        filter: &IncidentFilter,
    ) -> Result<Arc<Vec<u32>>> {
        let any_time = IncidentFilter {
            from: None,
            to: None,
            ..filter.clone()
        };
        let key = format!("{any_time:?}");
        if let Some(hit) = self.matches.get(&key) {
            return Ok(hit);
        }
        let text = self.text_matches(ws, &any_time)?;
        let matcher = matcher::Matcher::new(&self.index, &any_time, text.as_deref(), None)?;
        let positions = Arc::new(matcher.positions_any_time());
        self.matches.put(key, positions.clone());
        Ok(positions)
    }

    /// The part of `positions` (ascending) that falls in the filter's dates.
    pub(crate) fn in_time<'a>(&self, positions: &'a [u32], filter: &IncidentFilter) -> &'a [u32] {
        let time = |p: &u32| self.index.time[*p as usize];
        let lo = filter.from.map_or(0, |f| {
            positions.partition_point(|p| time(p) < f.timestamp())
        });
        let hi = filter.to.map_or(positions.len(), |t| {
            positions.partition_point(|p| time(p) < t.timestamp())
        });
        &positions[lo..hi.max(lo)]
    }

    /// The matching positions of `query` in time order: the filter, then the map selection.
    pub(crate) fn selected(&self, ws: &Workspace, query: &ViewQuery) -> Result<Vec<u32>> {
        let filter = ws.parse_filter(&query.filter)?;
        let matching = self.matching(ws, &filter)?;
        let in_time = self.in_time(&matching, &filter);
        let Some(selection) = &query.selection else {
            return Ok(in_time.to_vec());
        };
        let only = matcher::Matcher::new(
            &self.index,
            &IncidentFilter::default(),
            None,
            Some(selection),
        )?;
        Ok(in_time
            .iter()
            .copied()
            .filter(|p| only.matches_except_time(*p as usize))
            .collect())
    }
}

/// The incidents a [`ViewQuery`] picks (its filter, then its map selection), by id: what an
/// analysis on the selection keeps ([`IncidentView::selected_incidents`]).
#[derive(Debug, Clone, Default)]
pub struct SelectedIncidents {
    ids: HashSet<[u8; 16]>,
}

impl SelectedIncidents {
    /// How many incidents.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Whether none.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Whether the incident with this id (as the store writes it, a hyphenated UUID) is in.
    pub fn contains_id(&self, id: &str) -> bool {
        uuid::Uuid::parse_str(id).is_ok_and(|u| self.ids.contains(u.as_bytes()))
    }
}

impl IncidentView {
    /// The incidents `query` picks, exactly those the table lists for it.
    pub fn selected_incidents(
        &self,
        ws: &Workspace,
        query: &ViewQuery,
    ) -> Result<SelectedIncidents> {
        let positions = self.selected(ws, query)?;
        Ok(SelectedIncidents {
            ids: positions
                .iter()
                .map(|p| self.index.id[*p as usize])
                .collect(),
        })
    }
}

impl Workspace {
    /// How many incidents match `filter` according to the view (for tests against SQL).
    #[doc(hidden)]
    pub fn view_count(&self, view: &IncidentView, query: &ViewQuery) -> Result<u64> {
        Ok(view.selected(self, query)?.len() as u64)
    }
}
