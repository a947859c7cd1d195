//! Store statistics: counts by category, group, cuadrante and source. Depends only on the
//! store's content (no paths, no clock), so equal stores give byte-identical JSON.

use atalaya_model::time::{format_local, from_unix};
use atalaya_store::IncidentFilter;
use serde::Serialize;

use crate::{Result, Workspace};

/// Counts for a category.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct CategoryCount {
    /// Taxonomy code.
    pub code: String,
    /// Its group code.
    pub group: String,
    /// Spanish label.
    pub label_es: String,
    /// English label.
    pub label_en: String,
    /// Incidents.
    pub count: u64,
}

/// Counts for a taxonomy group.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct GroupCount {
    /// Group code.
    pub code: String,
    /// Spanish label.
    pub label_es: String,
    /// English label.
    pub label_en: String,
    /// Incidents.
    pub count: u64,
}

/// Counts for an area.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct AreaCount {
    /// Area code (empty: no area).
    pub code: String,
    /// Display name.
    pub name: String,
    /// Incidents.
    pub count: u64,
}

/// Counts for a source.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct SourceCount {
    /// Source name.
    pub name: String,
    /// Source kind.
    pub kind: String,
    /// Incidents.
    pub count: u64,
}

/// What a store holds.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Stats {
    /// Incidents in total.
    pub incidents: u64,
    /// Earliest occurrence, America/Santiago ISO-8601.
    pub first_occurred: Option<String>,
    /// Latest occurrence, America/Santiago ISO-8601.
    pub last_occurred: Option<String>,
    /// Every taxonomy category, in taxonomy order (zero counts included).
    pub by_category: Vec<CategoryCount>,
    /// Every taxonomy group, in taxonomy order.
    pub by_group: Vec<GroupCount>,
    /// Every cuadrante by code, then incidents with no cuadrante (code "") if any.
    pub by_cuadrante: Vec<AreaCount>,
    /// Every source by name, then incidents with no source (name "") if any.
    pub by_source: Vec<SourceCount>,
}

impl Workspace {
    /// Statistics over every incident.
    pub fn stats(&self) -> Result<Stats> {
        self.stats_for(&IncidentFilter::default())
    }

    /// Statistics over the incidents matching `filter`.
    pub fn stats_for(&self, filter: &IncidentFilter) -> Result<Stats> {
        let s = &self.store;
        let count_of = |rows: &[atalaya_store::query::KeyCount], key: &str| {
            rows.iter().find(|k| k.key == key).map_or(0, |k| k.count)
        };
        let tally = s.tally(filter)?;
        let cats = tally.by_category;
        let by_category: Vec<CategoryCount> = self
            .taxonomy
            .categories
            .iter()
            .map(|c| CategoryCount {
                code: c.code.clone(),
                group: c.group.clone(),
                label_es: c.es.clone(),
                label_en: c.en.clone(),
                count: count_of(&cats, &c.code),
            })
            .collect();
        let by_group = self
            .taxonomy
            .groups
            .iter()
            .map(|g| GroupCount {
                code: g.code.clone(),
                label_es: g.es.clone(),
                label_en: g.en.clone(),
                count: by_category
                    .iter()
                    .filter(|c| c.group == g.code)
                    .map(|c| c.count)
                    .sum(),
            })
            .collect();
        let cuads = tally.by_cuadrante;
        let mut by_cuadrante: Vec<AreaCount> = s
            .areas("cuadrante")?
            .into_iter()
            .map(|(code, name)| AreaCount {
                count: count_of(&cuads, &code),
                code,
                name,
            })
            .collect();
        push_unassigned(&mut by_cuadrante, count_of(&cuads, ""), |count| AreaCount {
            code: String::new(),
            name: String::new(),
            count,
        });
        let srcs = tally.by_source;
        let mut by_source: Vec<SourceCount> = s
            .sources()?
            .into_iter()
            .map(|(name, kind)| SourceCount {
                count: count_of(&srcs, &name),
                name,
                kind,
            })
            .collect();
        push_unassigned(&mut by_source, count_of(&srcs, ""), |count| SourceCount {
            name: String::new(),
            kind: String::new(),
            count,
        });
        let range = s.occurred_range(filter)?;
        Ok(Stats {
            incidents: tally.total,
            first_occurred: range.map(|(a, _)| format_local(from_unix(a))),
            last_occurred: range.map(|(_, b)| format_local(from_unix(b))),
            by_category,
            by_group,
            by_cuadrante,
            by_source,
        })
    }
}

fn push_unassigned<T>(rows: &mut Vec<T>, count: u64, make: impl FnOnce(u64) -> T) {
    if count > 0 {
        rows.push(make(count));
    }
}
