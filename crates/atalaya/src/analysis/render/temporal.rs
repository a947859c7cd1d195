//! Rhythms (hour × weekday) and the weekly CompStat comparison: tables only.

use serde_json::Value;

use super::{Render, Table, not_a_layer, num, opt, pct};
use crate::Result;
use crate::analysis::temporal::{CompStatReport, Keyed, Rhythm};

const WEEKDAYS: [&str; 7] = ["lun", "mar", "mié", "jue", "vie", "sáb", "dom"];

impl Render for Rhythm {
    fn summary(&self) -> Vec<(String, Table)> {
        let mut out = vec![("hour × weekday".to_string(), self.csv())];
        if let Some(m) = &self.monthly {
            let mut t = Table::new(&[
                "month",
                "count",
                "moving_avg",
                "ratio",
                "deseasonalised",
                "trend",
            ]);
            t.rows = m
                .months
                .iter()
                .map(|r| {
                    vec![
                        format!("{}-{:02}", r.year, r.month),
                        r.count.to_string(),
                        opt(r.moving_average),
                        opt(r.ratio),
                        opt(r.deseasonalised),
                        num(r.trend),
                    ]
                })
                .collect();
            out.push(("months".into(), t));
            let mut s = Table::new(&["", ""]);
            s.rows.push(vec![
                "seasonal index (Jan…Dec)".into(),
                m.seasonal_index
                    .as_ref()
                    .map(|v| {
                        v.iter()
                            .map(|x| format!("{x:.3}"))
                            .collect::<Vec<_>>()
                            .join(" ")
                    })
                    .unwrap_or_else(|| "n/a (needs 24 whole months)".into()),
            ]);
            s.rows.push(vec![
                "trend (events/month per month)".into(),
                num(m.trend.slope),
            ]);
            s.rows.push(vec![
                "trend (% per year)".into(),
                pct(m.trend.percent_per_year),
            ]);
            out.push(("seasonality and trend".into(), s));
        }
        out
    }

    fn csv(&self) -> Table {
        let mut header = vec!["weekday".to_string()];
        header.extend((0..24).map(|h| format!("{h:02}")));
        header.push("total".into());
        let rows = self
            .hour_weekday
            .counts
            .iter()
            .enumerate()
            .map(|(d, row)| {
                let mut r = vec![WEEKDAYS[d].to_string()];
                r.extend(row.iter().map(u64::to_string));
                r.push(self.hour_weekday.by_weekday[d].to_string());
                r
            })
            .collect();
        Table { header, rows }
    }

    fn geojson(&self) -> Result<Value> {
        Err(not_a_layer("rhythm"))
    }
}

impl Render for CompStatReport {
    fn summary(&self) -> Vec<(String, Table)> {
        let mut periods = Table::new(&["period", "current", "previous"]);
        for p in &self.periods {
            periods.rows.push(vec![
                p.name.into(),
                format!("{} … {}", p.current.0, p.current.1),
                format!("{} … {}", p.previous.0, p.previous.1),
            ]);
        }
        vec![("periods".into(), periods), ("CompStat".into(), self.csv())]
    }

    fn csv(&self) -> Table {
        let mut header = vec!["scope".to_string(), "code".into(), "label".into()];
        for p in ["week", "28d", "ytd"] {
            for c in ["current", "previous", "pct_change", "p_value", "hint"] {
                header.push(format!("{p}_{c}"));
            }
        }
        let row = |scope: &str, k: &Keyed| {
            let mut r = vec![scope.to_string(), k.code.clone(), k.label.clone()];
            for c in &k.comparisons {
                r.extend([
                    c.current.to_string(),
                    c.previous.to_string(),
                    pct(c.percent_change),
                    num(c.p_value),
                    match c.hint {
                        atalaya_analysis::ChangeHint::Increase => "▲",
                        atalaya_analysis::ChangeHint::Decrease => "▼",
                        atalaya_analysis::ChangeHint::NoChange => "",
                    }
                    .into(),
                ]);
            }
            r
        };
        let total = Keyed {
            code: "total".into(),
            label: "todos".into(),
            comparisons: self.total.clone(),
        };
        let mut rows = vec![row("total", &total)];
        rows.extend(self.by_category.iter().map(|k| row("category", k)));
        rows.extend(self.by_cuadrante.iter().map(|k| row("cuadrante", k)));
        Table { header, rows }
    }

    fn geojson(&self) -> Result<Value> {
        Err(not_a_layer("compstat"))
    }
}
