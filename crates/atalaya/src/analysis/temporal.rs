//! Temporal analyses of the filtered incidents: rhythms (hour × weekday, monthly trend with
//! seasonality) and the CompStat table.
//!
//! CompStat reads counts, not incidents: the time line is cut at every period boundary and
//! each piece is one cuadrante × category read of the store's rollup; a piece's counts carry
//! its first day, which gives exactly the period sums per-day counts would (no boundary falls
//! inside a piece). So the table costs a handful of rollup reads whatever the store's size.

use std::collections::HashMap;

use atalaya_analysis::calendar::{civil_from_days, days_from_civil};
use atalaya_analysis::{
    CompStat, DayCount, HourWeekday, MonthCount, MonthlyTrend, Period, compstat, hour_weekday,
    monthly_trend,
};
use atalaya_model::time::{date_of_day_number, local_day_number};
use serde::Serialize;

use super::data::AnalysisData;
use super::refused;
use crate::filter::parse_instant;
use crate::{Error, FilterArgs, Result, Workspace};

/// Temporal rhythms.
#[derive(Debug, Clone, Serialize)]
pub struct Rhythm {
    /// Events by weekday and hour.
    pub hour_weekday: HourWeekday,
    /// The monthly series over the whole months the filter's dates span (without dates: from
    /// the first to the last event's day; a month covered only in part is left out); `None`
    /// with fewer than 2 whole months.
    pub monthly: Option<MonthlyTrend>,
}

/// Rhythms of `data` (which must have times).
pub fn rhythm(data: &AnalysisData) -> Result<Rhythm> {
    data.require_times("rhythms")?;
    let times = data.times.as_deref().unwrap_or_default();
    let table = hour_weekday(times).map_err(refused)?;
    let days: Vec<i32> = data.events.iter().map(|e| e.t.floor() as i32).collect();
    let monthly = match (days.iter().min(), days.iter().max()) {
        (Some(&first), Some(&last)) => {
            let (from, to) = data.window_days;
            whole_months(&days, from.unwrap_or(first), to.unwrap_or(last + 1))
        }
        _ => Vec::new(),
    };
    let monthly = (monthly.len() >= 2)
        .then(|| monthly_trend(&monthly))
        .transpose()
        .map_err(refused)?;
    Ok(Rhythm {
        hour_weekday: table,
        monthly,
    })
}

/// Counts of the whole calendar months inside `[from, to)` (day numbers).
fn whole_months(days: &[i32], from: i32, to: i32) -> Vec<MonthCount> {
    let (mut y, mut m, d) = civil_from_days(from);
    if d != 1 {
        (y, m) = next_month(y, m);
    }
    let mut months = Vec::new();
    let mut index: HashMap<(i32, u32), usize> = HashMap::new();
    loop {
        let (ny, nm) = next_month(y, m);
        if days_from_civil(ny, nm, 1) > to {
            break;
        }
        index.insert((y, m), months.len());
        months.push(MonthCount {
            year: y,
            month: m,
            count: 0,
        });
        (y, m) = (ny, nm);
    }
    for &day in days {
        let (y, m, _) = civil_from_days(day);
        if let Some(&i) = index.get(&(y, m)) {
            months[i].count += 1;
        }
    }
    months
}

fn next_month(y: i32, m: u32) -> (i32, u32) {
    if m == 12 { (y + 1, 1) } else { (y, m + 1) }
}

/// A key of a CompStat row with its label.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Keyed {
    /// Category or cuadrante code (`""`: no cuadrante).
    pub code: String,
    /// Label or name.
    pub label: String,
    /// Week, 28 days, year to date.
    pub comparisons: Vec<atalaya_analysis::Comparison>,
}

/// A period with its dates.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PeriodDates {
    /// `week`, `28d` or `ytd`.
    pub name: &'static str,
    /// First and last day of the current period (inclusive, YYYY-MM-DD).
    pub current: (String, String),
    /// First and last day of the previous period.
    pub previous: (String, String),
}

/// The CompStat report with names.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CompStatReport {
    /// The periods compared.
    pub periods: Vec<PeriodDates>,
    /// All incidents.
    pub total: Vec<atalaya_analysis::Comparison>,
    /// Categories with incidents in any period, in taxonomy order.
    pub by_category: Vec<Keyed>,
    /// Cuadrantes with incidents in any period, by code (no cuadrante last).
    pub by_cuadrante: Vec<Keyed>,
}

fn date(day: i32) -> String {
    date_of_day_number(day).format("%Y-%m-%d").to_string()
}

fn name(p: &Period) -> &'static str {
    match p.kind {
        atalaya_analysis::PeriodKind::Week => "week",
        atalaya_analysis::PeriodKind::Days28 => "28d",
        atalaya_analysis::PeriodKind::YearToDate => "ytd",
    }
}

/// Names the rows of a CompStat result.
fn named(
    r: CompStat,
    categories: &[(String, String)],
    cuadrantes: &[(String, String)],
) -> CompStatReport {
    let keyed = |rows: Vec<atalaya_analysis::CompStatRow>, names: &[(String, String)]| {
        rows.into_iter()
            .filter(|row| row.comparisons.iter().any(|c| c.current + c.previous > 0))
            .map(|row| {
                let (code, label) = names[row.key as usize].clone();
                Keyed {
                    code,
                    label,
                    comparisons: row.comparisons,
                }
            })
            .collect()
    };
    CompStatReport {
        periods: r
            .periods
            .iter()
            .map(|p| PeriodDates {
                name: name(p),
                current: (date(p.current.0), date(p.current.1 - 1)),
                previous: (date(p.previous.0), date(p.previous.1 - 1)),
            })
            .collect(),
        total: r.total.comparisons,
        by_category: keyed(r.by_category, categories),
        by_cuadrante: keyed(r.by_cuadrante, cuadrantes),
    }
}

/// CompStat of a CSV's events (times as day numbers); one "all" row each.
pub fn compstat_of(data: &AnalysisData, end: Option<i32>) -> Result<CompStatReport> {
    data.require_times("CompStat")?;
    let rows: Vec<DayCount> = data
        .events
        .iter()
        .map(|e| DayCount {
            day: e.t.floor() as i32,
            category: 0,
            cuadrante: 0,
            count: 1,
        })
        .collect();
    let end = end
        .or_else(|| rows.iter().map(|r| r.day).max().map(|d| d + 1))
        .ok_or_else(|| Error::invalid("input", "no events", "at least one event for CompStat"))?;
    let all = vec![("all".to_string(), "all events".to_string())];
    let r = compstat(&rows, end, 1, 1).map_err(refused)?;
    Ok(named(r, &all, &all))
}

impl Workspace {
    /// The CompStat table of the incidents matching `args` (category, source and area filters;
    /// the periods are CompStat's own). The report ends before `args.to` (a date), or after
    /// the day of the last matching incident.
    pub fn compstat(&self, args: &FilterArgs) -> Result<CompStatReport> {
        if let Some(from) = &args.from {
            return Err(Error::invalid(
                "--from",
                from,
                "no --from: CompStat sets its own periods (use --to to choose the report's end)",
            ));
        }
        let filter = self.parse_filter(&FilterArgs {
            to: None,
            ..args.clone()
        })?;
        let end = match &args.to {
            Some(to) => local_day_number(parse_instant("--to", to)?),
            None => match self.store.occurred_range(&filter)? {
                Some((_, last)) => local_day_number(atalaya_model::time::from_unix(last)) + 1,
                None => {
                    return Err(Error::invalid(
                        "filter",
                        "no incidents",
                        "a filter that matches incidents (or give --to)",
                    ));
                }
            },
        };
        let mut categories: Vec<(String, String)> = self
            .taxonomy
            .categories
            .iter()
            .map(|c| (c.code.clone(), c.es.clone()))
            .collect();
        let mut cuadrantes = self.store.areas("cuadrante")?;
        cuadrantes.push((String::new(), "(sin cuadrante)".into()));
        let mut keys = Keys::default();
        for (i, (code, _)) in categories.iter().enumerate() {
            keys.categories.insert(code.clone(), i as u32);
        }
        for (i, (code, _)) in cuadrantes.iter().enumerate() {
            keys.cuadrantes.insert(code.clone(), i as u32);
        }
        let periods = atalaya_analysis::compstat::periods(end);
        let mut cuts: Vec<i32> = periods
            .iter()
            .flat_map(|p| [p.current.0, p.current.1, p.previous.0, p.previous.1])
            .collect();
        cuts.sort_unstable();
        cuts.dedup();
        let inside = |day: i32| {
            periods.iter().any(|p| {
                (p.current.0..p.current.1).contains(&day)
                    || (p.previous.0..p.previous.1).contains(&day)
            })
        };
        let mut rows = Vec::new();
        for piece in cuts.windows(2).filter(|w| inside(w[0])) {
            let window = atalaya_store::IncidentFilter {
                from: Some(day_start(piece[0])?),
                to: Some(day_start(piece[1])?),
                ..filter.clone()
            };
            let mut sums: HashMap<(u32, u32), u64> = HashMap::new();
            for cell in self.store.cube_cuadrante_category_week(&window)? {
                // A code the taxonomy or the area list lacks still gets its own row, so the
                // rows always add up to the total.
                let cat = keys.category(&cell.category, &mut categories);
                let cuad = keys.cuadrante(&cell.cuadrante, &mut cuadrantes);
                *sums.entry((cat, cuad)).or_default() += cell.count;
            }
            rows.extend(
                sums.into_iter()
                    .map(|((category, cuadrante), count)| DayCount {
                        day: piece[0],
                        category,
                        cuadrante,
                        count,
                    }),
            );
        }
        let r = compstat(&rows, end, categories.len(), cuadrantes.len()).map_err(refused)?;
        Ok(named(r, &categories, &cuadrantes))
    }
}

/// Row indices of category and cuadrante codes, adding unknown codes to the lists.
#[derive(Default)]
struct Keys {
    categories: HashMap<String, u32>,
    cuadrantes: HashMap<String, u32>,
}

impl Keys {
    fn category(&mut self, code: &str, names: &mut Vec<(String, String)>) -> u32 {
        intern(&mut self.categories, code, names)
    }

    fn cuadrante(&mut self, code: &str, names: &mut Vec<(String, String)>) -> u32 {
        intern(&mut self.cuadrantes, code, names)
    }
}

fn intern(index: &mut HashMap<String, u32>, code: &str, names: &mut Vec<(String, String)>) -> u32 {
    if let Some(&i) = index.get(code) {
        return i;
    }
    names.push((code.to_string(), code.to_string()));
    let i = (names.len() - 1) as u32;
    index.insert(code.to_string(), i);
    i
}

/// The first instant of local day `day`.
fn day_start(day: i32) -> Result<chrono::DateTime<chrono::Utc>> {
    parse_instant("--to", &date(day))
}
