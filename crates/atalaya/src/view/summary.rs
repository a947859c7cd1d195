//! Counts for the filter panel and header: totals by category, group, source and cuadrante, and
//! incidents per local day for the time histogram (which ignores the filter's own time range,
//! so the brush shows where else it could go).

use std::collections::BTreeMap;

use atalaya_model::time::date_of_day_number;
use serde::Serialize;

use super::IncidentView;
use super::index::{Dictionary, NONE};
use crate::filter::FilterArgs;
use crate::{Result, Workspace};

/// A key and how many matching incidents have it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct KeyCount {
    /// Category or group code, source name, area code; empty for "none".
    pub key: String,
    /// Incidents.
    pub count: u64,
}

/// Incidents per local day, from `first_day` on, one entry per day.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, Default)]
pub struct DayCounts {
    /// `YYYY-MM-DD` (America/Santiago) of `counts[0]`; none when the store is empty.
    pub first_day: Option<String>,
    /// Matching incidents per day, time range ignored.
    pub counts: Vec<u64>,
}

/// What the filtered set holds.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, Default)]
pub struct ViewSummary {
    /// Matching incidents.
    pub total: u64,
    /// By category code (only non-zero), sorted by code.
    pub by_category: Vec<KeyCount>,
    /// By taxonomy group, in taxonomy order (only non-zero).
    pub by_group: Vec<KeyCount>,
    /// By source name (only non-zero), sorted.
    pub by_source: Vec<KeyCount>,
    /// By cuadrante code (only non-zero), sorted.
    pub by_cuadrante: Vec<KeyCount>,
    /// The time histogram.
    pub days: DayCounts,
}

fn counted(dict: &Dictionary, counts: &[u64], none: u64) -> Vec<KeyCount> {
    let mut out: Vec<KeyCount> = dict
        .values
        .iter()
        .zip(counts)
        .filter(|(_, n)| **n > 0)
        .map(|(k, n)| KeyCount {
            key: k.clone(),
            count: *n,
        })
        .collect();
    out.sort_by(|a, b| a.key.cmp(&b.key));
    if none > 0 {
        out.push(KeyCount {
            key: String::new(),
            count: none,
        });
    }
    out
}

fn bump(counts: &mut [u64], none: &mut u64, i: u16) {
    match counts.get_mut(usize::from(i)) {
        Some(n) if i != NONE => *n += 1,
        _ => *none += 1,
    }
}

impl IncidentView {
    /// Counts over the incidents matching `args`.
    pub fn summary(&self, ws: &Workspace, args: &FilterArgs) -> Result<ViewSummary> {
        let filter = ws.parse_filter(args)?;
        let matching = self.matching(ws, &filter)?;
        let ix = &self.index;
        let (Some(first), Some(last)) = (ix.day.first(), ix.day.last()) else {
            return Ok(ViewSummary::default());
        };
        let first = *first;
        let mut days = vec![0u64; (last - first).max(0) as usize + 1];
        for p in matching.iter() {
            if let Some(d) = days.get_mut((ix.day[*p as usize] - first).max(0) as usize) {
                *d += 1;
            }
        }
        let in_time = self.in_time(&matching, &filter);
        let mut cats = vec![0u64; ix.categories.values.len()];
        let mut srcs = vec![0u64; ix.sources.values.len()];
        let mut cuads = vec![0u64; ix.cuadrantes.values.len()];
        let (mut no_cat, mut no_src, mut no_cuad) = (0, 0, 0);
        for p in in_time.iter().map(|p| *p as usize) {
            bump(&mut cats, &mut no_cat, ix.category[p]);
            bump(&mut srcs, &mut no_src, ix.source[p]);
            bump(&mut cuads, &mut no_cuad, ix.cuadrante[p]);
        }
        let total = in_time.len() as u64;
        let by_category = counted(&ix.categories, &cats, no_cat);
        let mut groups: BTreeMap<usize, u64> = BTreeMap::new();
        for c in &by_category {
            let group = c.key.split('.').next().unwrap_or("");
            let at = ws
                .taxonomy
                .groups
                .iter()
                .position(|g| g.code == group)
                .unwrap_or(usize::MAX);
            *groups.entry(at).or_default() += c.count;
        }
        let by_group = groups
            .into_iter()
            .map(|(at, count)| KeyCount {
                key: ws
                    .taxonomy
                    .groups
                    .get(at)
                    .map_or_else(String::new, |g| g.code.clone()),
                count,
            })
            .collect();
        Ok(ViewSummary {
            total,
            by_category,
            by_group,
            by_source: counted(&ix.sources, &srcs, no_src),
            by_cuadrante: counted(&ix.cuadrantes, &cuads, no_cuad),
            days: DayCounts {
                first_day: Some(date_of_day_number(first).to_string()),
                counts: days,
            },
        })
    }
}
