//! The view index as bytes, for the store's `view_snapshot` row: the stored columns and
//! dictionaries, little-endian, in position order. What follows from them (Mercator
//! coordinates, ranks, the rid table) is recomputed on load, never saved.

use super::index::{Dictionary, IncidentIndex};

/// The encoding's version; a snapshot of another version is ignored (the index is rebuilt).
pub(crate) const FORMAT: i64 = 1;

const MAGIC: &[u8; 8] = b"ATLVIEW1";

/// Encode the index's stored columns.
pub(crate) fn encode(ix: &IncidentIndex) -> Vec<u8> {
    let n = ix.len();
    let mut out = Vec::with_capacity(16 + n * 76);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&(n as u64).to_le_bytes());
    for d in [&ix.categories, &ix.sources, &ix.cuadrantes, &ix.barrios] {
        out.extend_from_slice(&(d.values.len() as u32).to_le_bytes());
        for v in &d.values {
            out.extend_from_slice(&(v.len() as u32).to_le_bytes());
            out.extend_from_slice(v.as_bytes());
        }
    }
    ix.rid
        .iter()
        .for_each(|v| out.extend_from_slice(&v.to_le_bytes()));
    ix.id.iter().for_each(|v| out.extend_from_slice(v));
    ix.time
        .iter()
        .for_each(|v| out.extend_from_slice(&v.to_le_bytes()));
    ix.day
        .iter()
        .for_each(|v| out.extend_from_slice(&v.to_le_bytes()));
    for column in [&ix.category, &ix.source, &ix.cuadrante, &ix.barrio] {
        column
            .iter()
            .for_each(|v| out.extend_from_slice(&v.to_le_bytes()));
    }
    ix.lon
        .iter()
        .for_each(|v| out.extend_from_slice(&v.to_le_bytes()));
    ix.lat
        .iter()
        .for_each(|v| out.extend_from_slice(&v.to_le_bytes()));
    out
}

/// Decode what [`encode`] wrote; `None` when the bytes are not a whole, consistent index
/// (then the caller rebuilds it from the store).
pub(crate) fn decode(data: &[u8]) -> Option<IncidentIndex> {
    let mut r = Reader { data, at: 0 };
    if r.take(MAGIC.len())? != MAGIC {
        return None;
    }
    let n = usize::try_from(u64::from_le_bytes(r.array()?)).ok()?;
    let mut ix = IncidentIndex::default();
    for d in [
        &mut ix.categories,
        &mut ix.sources,
        &mut ix.cuadrantes,
        &mut ix.barrios,
    ] {
        *d = r.dictionary()?;
    }
    // Every column is n values: check the whole length before allocating n of anything.
    if r.data.len() - r.at != n * (8 + 16 + 8 + 4 + 2 * 4 + 8 + 8) {
        return None;
    }
    ix.rid = r.column(n, i64::from_le_bytes)?;
    ix.id = r.column(n, |b: [u8; 16]| b)?;
    ix.time = r.column(n, i64::from_le_bytes)?;
    ix.day = r.column(n, i32::from_le_bytes)?;
    ix.category = r.column(n, u16::from_le_bytes)?;
    ix.source = r.column(n, u16::from_le_bytes)?;
    ix.cuadrante = r.column(n, u16::from_le_bytes)?;
    ix.barrio = r.column(n, u16::from_le_bytes)?;
    ix.lon = r.column(n, f64::from_le_bytes)?;
    ix.lat = r.column(n, f64::from_le_bytes)?;
    // Positions must name dictionary entries (or none), and rows must be in (time, rid) order.
    let fits = |codes: &[u16], d: &Dictionary| {
        codes
            .iter()
            .all(|c| *c == super::index::NONE || usize::from(*c) < d.values.len())
    };
    let ordered = ix
        .time
        .windows(2)
        .zip(ix.rid.windows(2))
        .all(|(t, r)| (t[0], r[0]) < (t[1], r[1]));
    if !(ordered
        && ix.rid.iter().all(|r| *r >= 0)
        && fits(&ix.category, &ix.categories)
        && fits(&ix.source, &ix.sources)
        && fits(&ix.cuadrante, &ix.cuadrantes)
        && fits(&ix.barrio, &ix.barrios))
    {
        return None;
    }
    ix.derive();
    Some(ix)
}

struct Reader<'a> {
    data: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, len: usize) -> Option<&'a [u8]> {
        let end = self.at.checked_add(len)?;
        let bytes = self.data.get(self.at..end)?;
        self.at = end;
        Some(bytes)
    }

    fn array<const N: usize>(&mut self) -> Option<[u8; N]> {
        self.take(N)?.try_into().ok()
    }

    fn dictionary(&mut self) -> Option<Dictionary> {
        let count = u32::from_le_bytes(self.array()?) as usize;
        let mut d = Dictionary::default();
        for _ in 0..count {
            let len = u32::from_le_bytes(self.array()?) as usize;
            d.values
                .push(std::str::from_utf8(self.take(len)?).ok()?.to_owned());
        }
        Some(d)
    }

    fn column<const N: usize, T>(&mut self, n: usize, f: impl Fn([u8; N]) -> T) -> Option<Vec<T>> {
        let bytes = self.take(n.checked_mul(N)?)?;
        Some(
            bytes
                .chunks_exact(N)
                // `chunks_exact(N)` yields N bytes each: the conversion cannot fail.
                .map(|c| f(c.try_into().unwrap_or([0; N])))
                .collect(),
        )
    }
}
