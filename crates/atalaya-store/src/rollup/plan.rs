//! Which part of a filter the rollup answers: whole local days; the partial days at either end
//! of a time window are left to the incidents.

use chrono::DateTime;

use super::{day_of, day_start};
use crate::query::IncidentFilter;

/// A filter split into whole days (from the rollup) and partial days (from the incidents).
#[derive(Debug, Clone)]
pub(crate) struct RollupPlan {
    /// The filter planned (its category, source and area conditions apply to every part).
    pub filter: IncidentFilter,
    /// The whole local days to read from the rollup: `[first, end)`, `None` for an open end.
    pub first: Option<i64>,
    /// See `first`.
    pub end: Option<i64>,
    /// The filter over the partial day before `first`, if the window starts inside a day.
    pub before: Option<IncidentFilter>,
    /// The filter over the partial day from `end`, if the window ends inside a day.
    pub after: Option<IncidentFilter>,
}

impl RollupPlan {
    /// The partial-day filters, earliest first.
    pub fn edges(&self) -> impl Iterator<Item = &IncidentFilter> {
        self.before.iter().chain(self.after.iter())
    }
}

/// Plan `filter`, or `None` when the rollup cannot help: a bounding box or a text search needs
/// each incident, and a window without one whole day is read from the incidents directly.
pub(crate) fn plan(filter: &IncidentFilter) -> Option<RollupPlan> {
    if filter.bbox.is_some() || filter.text.as_deref().is_some_and(|t| !t.trim().is_empty()) {
        return None;
    }
    let from = filter.from.map(|t| t.timestamp());
    let to = filter.to.map(|t| t.timestamp());
    let first = from.map(|f| {
        let d = day_of(f);
        if day_start(d) == f { d } else { d + 1 }
    });
    let end = to.map(day_of);
    if let (Some(a), Some(b)) = (first, end)
        && a >= b
    {
        return None;
    }
    let part = |from: i64, to: i64| IncidentFilter {
        from: DateTime::from_timestamp(from, 0),
        to: DateTime::from_timestamp(to, 0),
        ..filter.clone()
    };
    let before = match (from, first) {
        (Some(f), Some(d)) if day_start(d) > f => Some(part(f, day_start(d))),
        _ => None,
    };
    let after = match (to, end) {
        (Some(t), Some(d)) if day_start(d) < t => Some(part(day_start(d), t)),
        _ => None,
    };
    Some(RollupPlan {
        filter: filter.clone(),
        first,
        end,
        before,
        after,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn at(y: i32, m: u32, d: u32, h: u32) -> chrono::DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap()
    }

    #[test]
    fn whole_days_need_no_edges() {
        // Local midnights in summer (UTC-3).
        let f = IncidentFilter {
            from: Some(at(2024, 1, 1, 3)),
            to: Some(at(2024, 1, 29, 3)),
            categories: vec!["dmcs".into()],
            ..Default::default()
        };
        let p = plan(&f).unwrap();
        assert_eq!(p.end.unwrap() - p.first.unwrap(), 28);
        assert!(p.before.is_none() && p.after.is_none());
    }

    #[test]
    fn partial_days_become_edges_that_tile_the_window() {
        let f = IncidentFilter {
            from: Some(at(2024, 1, 1, 15)),
            to: Some(at(2024, 1, 10, 15)),
            areas: vec!["C01".into()],
            ..Default::default()
        };
        let p = plan(&f).unwrap();
        let before = p.before.clone().unwrap();
        let after = p.after.clone().unwrap();
        assert_eq!(before.from, f.from);
        assert_eq!(before.to.unwrap().timestamp(), day_start(p.first.unwrap()));
        assert_eq!(after.from.unwrap().timestamp(), day_start(p.end.unwrap()));
        assert_eq!(after.to, f.to);
        assert_eq!(before.areas, f.areas);
        assert_eq!(p.end.unwrap() - p.first.unwrap(), 8);
    }

    #[test]
    fn open_ends_and_unplannable_filters() {
        let p = plan(&IncidentFilter::default()).unwrap();
        assert!(p.first.is_none() && p.end.is_none() && p.edges().count() == 0);
        let within_a_day = IncidentFilter {
            from: Some(at(2024, 1, 1, 15)),
            to: Some(at(2024, 1, 2, 15)),
            ..Default::default()
        };
        assert!(plan(&within_a_day).is_none());
        let text = IncidentFilter {
            text: Some("celular".into()),
            ..Default::default()
        };
        assert!(plan(&text).is_none());
        let bbox = IncidentFilter {
            bbox: Some([-70.7, -33.5, -70.5, -33.4]),
            ..Default::default()
        };
        assert!(plan(&bbox).is_none());
    }
}
