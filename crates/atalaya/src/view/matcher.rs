//! An `IncidentFilter` but its dates (and optionally a map selection) evaluated over the index, with
//! exactly the store's SQL semantics (`atalaya_store::query`), so counts agree with
//! `count_incidents` for the same filter.

use atalaya_store::IncidentFilter;

use super::clusters::CellGrid;
use super::index::{Dictionary, IncidentIndex, NONE};
use super::lasso::Lasso;
use super::{Selection, TextMatches};
use crate::Result;

/// A compiled filter: lookup tables per dictionary, the time range, bbox and text matches.
pub(crate) struct Matcher<'a> {
    ix: &'a IncidentIndex,
    categories: Option<Vec<bool>>,
    sources: Option<Vec<bool>>,
    areas: Option<(Vec<bool>, Vec<bool>)>,
    bbox: Option<[f64; 4]>,
    text: Option<&'a TextMatches>,
    selection: Option<SelectionTest>,
}

enum SelectionTest {
    Cell(CellGrid, u32, u32),
    Box([f64; 4]),
    Polygon(Lasso),
    Positions(Vec<bool>),
}

fn set_table(dict: &Dictionary, wanted: &[String]) -> Option<Vec<bool>> {
    (!wanted.is_empty()).then(|| dict.table(|v| wanted.iter().any(|w| w == v)))
}

fn in_table(table: &[bool], i: u16) -> bool {
    i != NONE && table.get(usize::from(i)).copied().unwrap_or(false)
}

fn in_box(b: &[f64; 4], lon: f64, lat: f64) -> bool {
    lon >= b[0] && lon <= b[2] && lat >= b[1] && lat <= b[3]
}

impl<'a> Matcher<'a> {
    /// `text` must hold the search matches when `filter.text` is set. Fails on a lasso that
    /// encloses nothing (see [`Lasso::new`]).
    pub(crate) fn new(
        ix: &'a IncidentIndex,
        filter: &IncidentFilter,
        text: Option<&'a TextMatches>,
        selection: Option<&Selection>,
    ) -> Result<Self> {
        let categories = (!filter.categories.is_empty()).then(|| {
            ix.categories.table(|code| {
                filter.categories.iter().any(|c| {
                    if c.contains('.') {
                        code == c
                    } else {
                        // SQL: `category LIKE '<group>.%'`.
                        code.strip_prefix(c.as_str())
                            .is_some_and(|rest| rest.starts_with('.'))
                    }
                })
            })
        });
        let areas = (!filter.areas.is_empty()).then(|| {
            (
                ix.cuadrantes.table(|v| filter.areas.iter().any(|a| a == v)),
                ix.barrios.table(|v| filter.areas.iter().any(|a| a == v)),
            )
        });
        let selection = match selection {
            None => None,
            Some(Selection::Cell { zoom, x, y }) => {
                Some(SelectionTest::Cell(CellGrid::new(*zoom), *x, *y))
            }
            Some(Selection::Box { bbox }) => Some(SelectionTest::Box(*bbox)),
            Some(Selection::Polygon { ring }) => Some(SelectionTest::Polygon(Lasso::new(ring)?)),
            Some(Selection::Incidents { rids }) => {
                let mut wanted = vec![false; ix.len()];
                for p in rids.iter().filter_map(|r| ix.position(*r)) {
                    wanted[p] = true;
                }
                Some(SelectionTest::Positions(wanted))
            }
        };
        Ok(Matcher {
            ix,
            categories,
            sources: set_table(&ix.sources, &filter.sources),
            areas,
            bbox: filter.bbox,
            text: text.filter(|_| filter.text.is_some()),
            selection,
        })
    }

    /// Whether row `pos` passes everything but the time range (which callers slice by).
    pub(crate) fn matches_except_time(&self, pos: usize) -> bool {
        let ix = self.ix;
        if let Some(t) = &self.categories
            && !in_table(t, ix.category[pos])
        {
            return false;
        }
        if let Some(t) = &self.sources
            && !in_table(t, ix.source[pos])
        {
            return false;
        }
        if let Some((c, b)) = &self.areas
            && !in_table(c, ix.cuadrante[pos])
            && !in_table(b, ix.barrio[pos])
        {
            return false;
        }
        if let Some(b) = &self.bbox
            && !ix.location(pos).is_some_and(|(x, y)| in_box(b, x, y))
        {
            return false;
        }
        if let Some(text) = self.text
            && !text.contains(pos)
        {
            return false;
        }
        match &self.selection {
            None => true,
            Some(SelectionTest::Positions(wanted)) => wanted[pos],
            Some(SelectionTest::Box(b)) => ix.location(pos).is_some_and(|(x, y)| in_box(b, x, y)),
            Some(SelectionTest::Polygon(lasso)) => {
                ix.location(pos).is_some_and(|(x, y)| lasso.contains(x, y))
            }
            Some(SelectionTest::Cell(grid, cx, cy)) => {
                !ix.mx[pos].is_nan() && grid.cell_of_mercator(ix.mx[pos], ix.my[pos]) == (*cx, *cy)
            }
        }
    }

    /// Every position passing all but the time range, ascending.
    pub(crate) fn positions_any_time(&self) -> Vec<u32> {
        (0..self.ix.len())
            .filter(|p| self.matches_except_time(*p))
            .map(|p| p as u32)
            .collect()
    }
}
