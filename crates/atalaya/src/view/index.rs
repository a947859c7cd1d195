//! The columnar in-memory index of every incident: what filters, clusters, counts and table
//! order are computed from, so a filter change never scans the encrypted store.
//!
//! Rows are in occurrence order (ties by rid), so a time range is two binary searches and a
//! listing sorted by time is the matching positions as they are. Text columns are interned in
//! small dictionaries; a row holds their positions (`NONE` when the record has no value).

use atalaya_store::view_query::IndexScanRow;
use atalaya_store::{Store, StoreError};

use crate::Result;

/// The dictionary position that means "no value".
pub(crate) const NONE: u16 = u16::MAX;

/// Interned strings in first-seen order, with each one's rank in sorted order.
#[derive(Clone, Debug, Default)]
pub(crate) struct Dictionary {
    pub(crate) values: Vec<String>,
    /// `rank[i]`: where `values[i]` falls when the values are sorted (for ORDER BY).
    pub(crate) rank: Vec<u16>,
}

impl Dictionary {
    fn intern(&mut self, value: Option<&str>) -> u16 {
        let Some(value) = value else {
            return NONE;
        };
        // Few distinct values (categories, sources, areas): a linear scan beats hashing.
        if let Some(i) = self.values.iter().position(|v| v == value) {
            return i as u16;
        }
        // Past 65 534 distinct values the rest share the last slot; no store comes close.
        if self.values.len() >= usize::from(NONE - 1) {
            return NONE - 1;
        }
        self.values.push(value.to_owned());
        (self.values.len() - 1) as u16
    }

    fn finish(&mut self) {
        let mut order: Vec<usize> = (0..self.values.len()).collect();
        order.sort_by(|a, b| self.values[*a].cmp(&self.values[*b]));
        self.rank = vec![0; self.values.len()];
        for (rank, i) in order.into_iter().enumerate() {
            self.rank[i] = rank as u16;
        }
    }

    /// A lookup table over this dictionary: `true` where `wanted` says so.
    pub(crate) fn table(&self, wanted: impl Fn(&str) -> bool) -> Vec<bool> {
        self.values.iter().map(|v| wanted(v)).collect()
    }

    /// The value at `i`, if any.
    pub(crate) fn get(&self, i: u16) -> Option<&str> {
        self.values.get(usize::from(i)).map(String::as_str)
    }

    /// Sort key for `i`: missing values last.
    pub(crate) fn sort_key(&self, i: u16) -> u32 {
        self.rank
            .get(usize::from(i))
            .map_or(u32::MAX, |r| u32::from(*r))
    }
}

/// Every incident's filterable columns, one vector per column, in occurrence order.
#[derive(Debug, Default)]
pub struct IncidentIndex {
    pub(crate) rid: Vec<i64>,
    /// The incident's id: how change-log entries (which name ids) find their row.
    pub(crate) id: Vec<[u8; 16]>,
    pub(crate) time: Vec<i64>,
    /// Local (America/Santiago) day, days since 1970-01-01.
    pub(crate) day: Vec<i32>,
    pub(crate) category: Vec<u16>,
    pub(crate) source: Vec<u16>,
    pub(crate) cuadrante: Vec<u16>,
    pub(crate) barrio: Vec<u16>,
    /// NaN when the incident has no location.
    pub(crate) lon: Vec<f64>,
    pub(crate) lat: Vec<f64>,
    /// Web Mercator x and y in `[0, 1]` (NaN without location): clustering multiplies, it
    /// never takes a logarithm per row.
    pub(crate) mx: Vec<f64>,
    pub(crate) my: Vec<f64>,
    pub(crate) categories: Dictionary,
    pub(crate) sources: Dictionary,
    pub(crate) cuadrantes: Dictionary,
    pub(crate) barrios: Dictionary,
    /// `position_of_rid[rid]`: the row's position, `u32::MAX` for rids not in the index.
    pub(crate) position_of_rid: Vec<u32>,
}

/// One incident's indexed values, its texts as dictionary positions.
#[derive(Clone, Copy, Debug)]
struct Row {
    time: i64,
    rid: i64,
    id: [u8; 16],
    day: i32,
    category: u16,
    source: u16,
    cuadrante: u16,
    barrio: u16,
    lon: f64,
    lat: f64,
}

impl Row {
    fn key(&self) -> (i64, i64) {
        (self.time, self.rid)
    }
}

impl IncidentIndex {
    /// Builds the index with one scan of the store's incidents.
    pub fn build(store: &Store) -> Result<Self> {
        let mut ix = IncidentIndex::default();
        let mut rows = Vec::new();
        store.scan_incidents_for_index(|r| {
            rows.push(ix.intern(&r)?);
            Ok(())
        })?;
        rows.sort_unstable_by_key(Row::key);
        ix.set_rows(&rows);
        Ok(ix)
    }

    /// This index with the incidents `ids` brought up to date from the store: each one still
    /// stored is (re)read, each one gone is dropped. The rest is merged in order, not re-read.
    pub(crate) fn with_changes(&self, store: &Store, ids: &[[u8; 16]]) -> Result<Self> {
        let mut next = IncidentIndex {
            categories: self.categories.clone(),
            sources: self.sources.clone(),
            cuadrantes: self.cuadrantes.clone(),
            barrios: self.barrios.clone(),
            ..IncidentIndex::default()
        };
        let mut fresh = Vec::with_capacity(ids.len());
        let gone = store.scan_incidents_by_id(ids, |r| {
            fresh.push(next.intern(&r)?);
            Ok(())
        })?;
        fresh.sort_unstable_by_key(Row::key);
        let mut dropped = vec![false; self.len()];
        for p in fresh.iter().filter_map(|r| self.position(r.rid)) {
            dropped[p] = true;
        }
        if !gone.is_empty() {
            let gone: std::collections::HashSet<[u8; 16]> = gone.into_iter().collect();
            for (p, id) in self.id.iter().enumerate() {
                dropped[p] |= gone.contains(id);
            }
        }
        let kept = (0..self.len())
            .filter(|p| !dropped[*p])
            .map(|p| self.row(p));
        let mut rows = Vec::with_capacity(self.len() + fresh.len());
        let mut fresh = fresh.into_iter().peekable();
        for row in kept {
            while let Some(f) = fresh.next_if(|f| f.key() < row.key()) {
                rows.push(f);
            }
            rows.push(row);
        }
        rows.extend(fresh);
        next.set_rows(&rows);
        Ok(next)
    }

    /// Intern a scanned row's texts into this index's dictionaries.
    fn intern(&mut self, r: &IndexScanRow<'_>) -> atalaya_store::Result<Row> {
        let id: [u8; 16] = r.id.try_into().map_err(|_| StoreError::Corrupt {
            table: "incident",
            column: "id",
            reason: format!("rid {}: not a 16-byte id", r.rid),
        })?;
        let (lon, lat) = match (r.lon, r.lat) {
            (Some(lon), Some(lat)) => (lon, lat),
            _ => (f64::NAN, f64::NAN),
        };
        Ok(Row {
            time: r.occurred_from,
            rid: r.rid,
            id,
            day: r.local_day,
            category: self.categories.intern(Some(r.category)),
            source: self.sources.intern(r.source),
            cuadrante: self.cuadrantes.intern(r.cuadrante),
            barrio: self.barrios.intern(r.barrio),
            lon,
            lat,
        })
    }

    fn row(&self, p: usize) -> Row {
        Row {
            time: self.time[p],
            rid: self.rid[p],
            id: self.id[p],
            day: self.day[p],
            category: self.category[p],
            source: self.source[p],
            cuadrante: self.cuadrante[p],
            barrio: self.barrio[p],
            lon: self.lon[p],
            lat: self.lat[p],
        }
    }

    /// Fill the columns from rows already in (time, rid) order, then what follows from them.
    fn set_rows(&mut self, rows: &[Row]) {
        self.rid = rows.iter().map(|r| r.rid).collect();
        self.id = rows.iter().map(|r| r.id).collect();
        self.time = rows.iter().map(|r| r.time).collect();
        self.day = rows.iter().map(|r| r.day).collect();
        self.category = rows.iter().map(|r| r.category).collect();
        self.source = rows.iter().map(|r| r.source).collect();
        self.cuadrante = rows.iter().map(|r| r.cuadrante).collect();
        self.barrio = rows.iter().map(|r| r.barrio).collect();
        self.lon = rows.iter().map(|r| r.lon).collect();
        self.lat = rows.iter().map(|r| r.lat).collect();
        self.derive();
    }

    /// Compute what the stored columns imply: Mercator coordinates, dictionary ranks and the
    /// rid → position table.
    pub(crate) fn derive(&mut self) {
        (self.mx, self.my) = self
            .lon
            .iter()
            .zip(&self.lat)
            .map(|(lon, lat)| super::clusters::mercator(*lon, *lat))
            .unzip();
        for d in [
            &mut self.categories,
            &mut self.sources,
            &mut self.cuadrantes,
            &mut self.barrios,
        ] {
            d.finish();
        }
        let max_rid = self.rid.iter().copied().max().unwrap_or(0).max(0) as usize;
        self.position_of_rid = vec![u32::MAX; max_rid + 1];
        for (pos, rid) in self.rid.iter().enumerate() {
            if let Ok(r) = usize::try_from(*rid) {
                self.position_of_rid[r] = pos as u32;
            }
        }
    }

    /// How many incidents.
    pub fn len(&self) -> usize {
        self.rid.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.rid.is_empty()
    }

    /// Approximate heap bytes held (~76 bytes a row).
    pub fn heap_bytes(&self) -> usize {
        self.len() * (8 + 16 + 8 + 4 + 2 * 4 + 4 * 8) + self.position_of_rid.len() * 4
    }

    /// The position of `rid`, if indexed.
    pub(crate) fn position(&self, rid: i64) -> Option<usize> {
        let p = *self.position_of_rid.get(usize::try_from(rid).ok()?)?;
        (p != u32::MAX).then_some(p as usize)
    }

    /// The row's location, when it has one.
    pub(crate) fn location(&self, pos: usize) -> Option<(f64, f64)> {
        let (lon, lat) = (self.lon[pos], self.lat[pos]);
        (lon.is_finite() && lat.is_finite()).then_some((lon, lat))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dictionary_ranks_follow_sorted_order_and_none_sorts_last() {
        let mut d = Dictionary::default();
        let codes: Vec<u16> = ["c", "a", "b", "a"]
            .iter()
            .map(|v| d.intern(Some(v)))
            .collect();
        assert_eq!(codes, [0, 1, 2, 1]);
        assert_eq!(d.intern(None), NONE);
        d.finish();
        assert_eq!(d.rank, [2, 0, 1]);
        assert_eq!(d.sort_key(NONE), u32::MAX);
        assert_eq!(d.get(2), Some("b"));
    }
}
