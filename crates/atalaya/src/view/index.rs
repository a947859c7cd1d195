//! The columnar in-memory index of every incident: what filters, clusters, counts and table
//! order are computed from, so a filter change never scans the encrypted store.
//!
//! Rows are in occurrence order (ties by rid), so a time range is two binary searches and a
//! listing sorted by time is the matching positions as they are. Text columns are interned in
//! small dictionaries; a row holds their positions (`NONE` when the record has no value).

use atalaya_store::Store;
use atalaya_store::view_query::IndexScanRow;

use crate::Result;

/// The dictionary position that means "no value".
pub(crate) const NONE: u16 = u16::MAX;

/// Interned strings in first-seen order, with each one's rank in sorted order.
#[derive(Debug, Default)]
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

impl IncidentIndex {
    /// Builds the index with one scan of the store's incidents.
    pub fn build(store: &Store) -> Result<Self> {
        let mut ix = IncidentIndex::default();
        let mut rows: Vec<(i64, i64)> = Vec::new();
        let mut staged = Staged::default();
        store.scan_incidents_for_index(|r: IndexScanRow<'_>| {
            rows.push((r.occurred_from, r.rid));
            staged.push(&mut ix, &r);
            Ok(())
        })?;
        // Put every column in (time, rid) order.
        let mut order: Vec<u32> = (0..rows.len() as u32).collect();
        order.sort_unstable_by_key(|i| rows[*i as usize]);
        ix.rid = order.iter().map(|i| rows[*i as usize].1).collect();
        ix.time = order.iter().map(|i| rows[*i as usize].0).collect();
        ix.day = permute(&staged.day, &order);
        ix.category = permute(&staged.category, &order);
        ix.source = permute(&staged.source, &order);
        ix.cuadrante = permute(&staged.cuadrante, &order);
        ix.barrio = permute(&staged.barrio, &order);
        ix.lon = permute(&staged.lon, &order);
        ix.lat = permute(&staged.lat, &order);
        (ix.mx, ix.my) = ix
            .lon
            .iter()
            .zip(&ix.lat)
            .map(|(lon, lat)| super::clusters::mercator(*lon, *lat))
            .unzip();
        for d in [
            &mut ix.categories,
            &mut ix.sources,
            &mut ix.cuadrantes,
            &mut ix.barrios,
        ] {
            d.finish();
        }
        let max_rid = ix.rid.iter().copied().max().unwrap_or(0).max(0) as usize;
        ix.position_of_rid = vec![u32::MAX; max_rid + 1];
        for (pos, rid) in ix.rid.iter().enumerate() {
            if let Ok(r) = usize::try_from(*rid) {
                ix.position_of_rid[r] = pos as u32;
            }
        }
        Ok(ix)
    }

    /// How many incidents.
    pub fn len(&self) -> usize {
        self.rid.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.rid.is_empty()
    }

    /// Approximate heap bytes held (~60 bytes a row).
    pub fn heap_bytes(&self) -> usize {
        self.len() * (8 + 8 + 4 + 2 * 4 + 4 * 8) + self.position_of_rid.len() * 4
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

/// Columns in scan order, before sorting by time.
#[derive(Default)]
struct Staged {
    day: Vec<i32>,
    category: Vec<u16>,
    source: Vec<u16>,
    cuadrante: Vec<u16>,
    barrio: Vec<u16>,
    lon: Vec<f64>,
    lat: Vec<f64>,
}

impl Staged {
    fn push(&mut self, ix: &mut IncidentIndex, r: &IndexScanRow<'_>) {
        self.day.push(r.local_day);
        self.category.push(ix.categories.intern(Some(r.category)));
        self.source.push(ix.sources.intern(r.source));
        self.cuadrante.push(ix.cuadrantes.intern(r.cuadrante));
        self.barrio.push(ix.barrios.intern(r.barrio));
        let (lon, lat) = match (r.lon, r.lat) {
            (Some(lon), Some(lat)) => (lon, lat),
            _ => (f64::NAN, f64::NAN),
        };
        self.lon.push(lon);
        self.lat.push(lat);
    }
}

fn permute<T: Copy>(column: &[T], order: &[u32]) -> Vec<T> {
    order.iter().map(|i| column[*i as usize]).collect()
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
