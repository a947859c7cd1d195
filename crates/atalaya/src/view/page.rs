//! Table pages: the matching incidents in the chosen order, sliced by offset, with only the
//! page's rows read from the store (by rid). The ordered list of positions is cached per
//! (filter, selection, order), so scrolling a million rows reads ~100 rows per page.

use std::sync::Arc;

use atalaya_model::time::{format_local, from_unix};
use serde::{Deserialize, Serialize};

use super::{IncidentView, ViewQuery};
use crate::{Result, Workspace};

/// Largest page the table may ask for.
pub const MAX_PAGE_ROWS: u32 = 1000;

/// Columns the table can sort by (the indexed ones).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SortColumn {
    /// Occurrence time.
    #[default]
    OccurredAt,
    /// Category code.
    Category,
    /// Source name.
    Source,
    /// Cuadrante code.
    Cuadrante,
    /// Barrio code.
    Barrio,
}

/// A table order: a column and a direction (ties by occurrence time, then rid).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Deserialize, Serialize)]
pub struct SortSpec {
    /// Column.
    pub column: SortColumn,
    /// Largest first.
    #[serde(default)]
    pub descending: bool,
}

/// One page request.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct PageRequest {
    /// Filter and selection.
    #[serde(default)]
    pub query: ViewQuery,
    /// Order.
    #[serde(default)]
    pub sort: SortSpec,
    /// First row (0-based).
    #[serde(default)]
    pub offset: u64,
    /// Rows wanted (at most [`MAX_PAGE_ROWS`]).
    pub limit: u32,
}

/// One incident as a table row.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TableRow {
    /// Local row number (map selections and highlights refer to it).
    pub rid: i64,
    /// Id (UUIDv7).
    pub id: String,
    /// When it occurred, America/Santiago ISO-8601.
    pub occurred_at: String,
    /// Category code.
    pub category: String,
    /// Source name.
    pub source: Option<String>,
    /// Cuadrante code.
    pub cuadrante: Option<String>,
    /// Barrio code.
    pub barrio: Option<String>,
    /// Address.
    pub address: Option<String>,
    /// Description.
    pub description: String,
    /// Longitude.
    pub lon: Option<f64>,
    /// Latitude.
    pub lat: Option<f64>,
}

/// Rows `offset..offset + rows.len()` of `total`.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TablePage {
    /// Matching incidents in all.
    pub total: u64,
    /// Where this page starts.
    pub offset: u64,
    /// The rows.
    pub rows: Vec<TableRow>,
}

impl From<atalaya_store::view_query::ViewRow> for TableRow {
    fn from(row: atalaya_store::view_query::ViewRow) -> Self {
        let r = row.incident;
        TableRow {
            rid: row.rid,
            id: r.id,
            occurred_at: format_local(from_unix(r.occurred_from)),
            category: r.category,
            source: r.source,
            cuadrante: r.cuadrante,
            barrio: r.barrio,
            address: r.address,
            description: r.description,
            lon: r.lon,
            lat: r.lat,
        }
    }
}

impl IncidentView {
    /// One page of the matching incidents in `request.sort` order.
    pub fn page(&self, ws: &Workspace, request: &PageRequest) -> Result<TablePage> {
        let ordered = self.ordered(ws, &request.query, request.sort)?;
        let total = ordered.len() as u64;
        let start = request.offset.min(total) as usize;
        let end = (start + request.limit.min(MAX_PAGE_ROWS) as usize).min(ordered.len());
        let rids: Vec<i64> = ordered[start..end]
            .iter()
            .map(|p| self.index.rid[*p as usize])
            .collect();
        let rows = ws.store.incident_rows_by_rid(&rids)?;
        Ok(TablePage {
            total,
            offset: start as u64,
            rows: rows.into_iter().map(TableRow::from).collect(),
        })
    }

    /// Where the incident `rid` is in the ordered result (to scroll the table to it).
    pub fn row_index(
        &self,
        ws: &Workspace,
        query: &ViewQuery,
        sort: SortSpec,
        rid: i64,
    ) -> Result<Option<u64>> {
        let Some(pos) = self.index.position(rid) else {
            return Ok(None);
        };
        let ordered = self.ordered(ws, query, sort)?;
        Ok(ordered
            .iter()
            .position(|p| *p as usize == pos)
            .map(|i| i as u64))
    }

    /// Matching positions in `sort` order, from the cache when the same list was asked for.
    fn ordered(&self, ws: &Workspace, query: &ViewQuery, sort: SortSpec) -> Result<Arc<Vec<u32>>> {
        let filter = ws.parse_filter(&query.filter)?;
        let key = format!("{filter:?}|{:?}|{sort:?}", query.selection);
        if let Some(hit) = self.orders.get(&key) {
            return Ok(hit);
        }
        let mut positions = self.selected(ws, query)?;
        self.sort(&mut positions, sort);
        let positions = Arc::new(positions);
        self.orders.put(key, positions.clone());
        Ok(positions)
    }

    fn sort(&self, positions: &mut [u32], sort: SortSpec) {
        let ix = &self.index;
        // Positions are already in (time, rid) order: a stable sort by the column keeps it as
        // the tie-break, and reversing a time order is just reversing the list.
        let key = |p: &u32| -> u32 {
            let p = *p as usize;
            match sort.column {
                SortColumn::OccurredAt => 0,
                SortColumn::Category => ix.categories.sort_key(ix.category[p]),
                SortColumn::Source => ix.sources.sort_key(ix.source[p]),
                SortColumn::Cuadrante => ix.cuadrantes.sort_key(ix.cuadrante[p]),
                SortColumn::Barrio => ix.barrios.sort_key(ix.barrio[p]),
            }
        };
        match (sort.column, sort.descending) {
            (SortColumn::OccurredAt, false) => {}
            (SortColumn::OccurredAt, true) => positions.reverse(),
            (_, false) => positions.sort_by_key(key),
            // Largest key first, ties still oldest first.
            (_, true) => positions.sort_by_key(|p| std::cmp::Reverse(key(p))),
        }
    }
}
