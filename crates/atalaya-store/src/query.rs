//! Read queries over incidents: one filter type, turned into one parameterised WHERE clause,
//! used by listing, counting and aggregating alike.

use chrono::{DateTime, Utc};
use rusqlite::types::Value;
use serde::Serialize;
use std::collections::BTreeMap;

use crate::rollup::day_start;
use crate::rollup::plan::plan;

use crate::store::Store;
use crate::{Result, StoreError};

/// Which incidents to consider. Empty lists mean "any".
#[derive(Debug, Clone, Default)]
pub struct IncidentFilter {
    /// Occurred at or after.
    pub from: Option<DateTime<Utc>>,
    /// Occurred strictly before.
    pub to: Option<DateTime<Utc>>,
    /// Category codes, or group codes (`dmcs`) meaning every category in the group.
    pub categories: Vec<String>,
    /// Source names.
    pub sources: Vec<String>,
    /// Area codes (cuadrante or barrio).
    pub areas: Vec<String>,
    /// `[min_lon, min_lat, max_lon, max_lat]`.
    pub bbox: Option<[f64; 4]>,
    /// Words that must all appear in the description or address (accents ignored).
    pub text: Option<String>,
}

/// Result ordering for listings.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SortOrder {
    /// Oldest first (ties by id).
    #[default]
    OccurredAsc,
    /// Newest first (ties by id).
    OccurredDesc,
}

/// One incident as listed.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct IncidentRow {
    /// Id.
    pub id: String,
    /// Occurred, Unix seconds UTC.
    pub occurred_from: i64,
    /// Category code.
    pub category: String,
    /// Longitude.
    pub lon: Option<f64>,
    /// Latitude.
    pub lat: Option<f64>,
    /// Cuadrante code.
    pub cuadrante: Option<String>,
    /// Barrio code.
    pub barrio: Option<String>,
    /// Address.
    pub address: Option<String>,
    /// Description.
    pub description: String,
    /// Source name.
    pub source: Option<String>,
}

impl IncidentFilter {
    /// The WHERE clause (with leading `WHERE`, or empty) and its parameters.
    pub fn to_sql(&self) -> Result<(String, Vec<Value>)> {
        let mut conds = Vec::new();
        let mut args = Vec::new();
        if let Some(from) = self.from {
            conds.push("i.occurred_from >= ?".to_string());
            args.push(Value::Integer(from.timestamp()));
        }
        if let Some(to) = self.to {
            conds.push("i.occurred_from < ?".to_string());
            args.push(Value::Integer(to.timestamp()));
        }
        if let (Some(from), Some(to)) = (self.from, self.to)
            && from >= to
        {
            return Err(StoreError::InvalidFilter(format!(
                "--from {from} is not before --to {to}"
            )));
        }
        self.dims_sql("i", &mut conds, &mut args);
        if let Some([x0, y0, x1, y1]) = self.bbox {
            if !(x0 < x1 && y0 < y1) || [x0, y0, x1, y1].iter().any(|v| !v.is_finite()) {
                return Err(StoreError::InvalidFilter(format!(
                    "bbox {x0},{y0},{x1},{y1} must be min_lon,min_lat,max_lon,max_lat with min < max"
                )));
            }
            conds.push("i.lon >= ? AND i.lon <= ? AND i.lat >= ? AND i.lat <= ?".into());
            args.extend([x0, x1, y0, y1].map(Value::Real));
        }
        if let Some(text) = self
            .text
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
        {
            conds.push(
                "i.rid IN (SELECT rowid FROM incident_fts WHERE incident_fts MATCH ?)".into(),
            );
            args.push(Value::Text(fts_query(text)));
        }
        let clause = if conds.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", conds.join(" AND "))
        };
        Ok((clause, args))
    }

    /// The category, source and area conditions on the table aliased `alias` (the incidents or
    /// their rollup, which share those column names).
    pub(crate) fn dims_sql(&self, alias: &str, conds: &mut Vec<String>, args: &mut Vec<Value>) {
        if !self.categories.is_empty() {
            let mut alts = Vec::new();
            for c in &self.categories {
                if c.contains('.') {
                    alts.push(format!("{alias}.category = ?"));
                    args.push(Value::Text(c.clone()));
                } else {
                    alts.push(format!("{alias}.category LIKE ? ESCAPE '\\'"));
                    args.push(Value::Text(format!(
                        "{}.%",
                        c.replace('\\', "\\\\")
                            .replace('%', "\\%")
                            .replace('_', "\\_")
                    )));
                }
            }
            conds.push(format!("({})", alts.join(" OR ")));
        }
        if !self.sources.is_empty() {
            conds.push(format!(
                "{alias}.source_id IN (SELECT id FROM source WHERE name IN ({}))",
                placeholders(self.sources.len())
            ));
            args.extend(self.sources.iter().map(|s| Value::Text(s.clone())));
        }
        if !self.areas.is_empty() {
            let ph = placeholders(self.areas.len());
            conds.push(format!(
                "({alias}.cuadrante IN ({ph}) OR {alias}.barrio IN ({ph}))"
            ));
            args.extend(self.areas.iter().map(|s| Value::Text(s.clone())));
            args.extend(self.areas.iter().map(|s| Value::Text(s.clone())));
        }
    }
}

/// The SQL key `count_by` groups by, over the incidents or their rollup aliased `alias` (a
/// missing cuadrante, barrio or source counts under '').
pub(crate) fn count_key(alias: &str, by: &str) -> Result<String> {
    Ok(match by {
        "category" => format!("{alias}.category"),
        "cuadrante" | "barrio" => format!("coalesce({alias}.{by}, '')"),
        "source" => {
            format!("coalesce((SELECT name FROM source s WHERE s.id = {alias}.source_id), '')")
        }
        other => {
            return Err(StoreError::InvalidFilter(format!(
                "cannot count by `{other}`"
            )));
        }
    })
}

/// An [`IncidentRow`] from the columns starting at `at`, in this order: `i.id,
/// i.occurred_from, i.category, i.lon, i.lat, i.cuadrante, i.barrio, i.address, i.description,
/// s.name` (the listing's select, also used by the view queries).
pub(crate) fn incident_row(r: &rusqlite::Row<'_>, at: usize) -> Result<IncidentRow> {
    let id: Vec<u8> = r.get(at)?;
    let id = uuid::Uuid::from_slice(&id).map_err(|e| StoreError::Corrupt {
        table: "incident",
        column: "id",
        reason: e.to_string(),
    })?;
    Ok(IncidentRow {
        id: id.to_string(),
        occurred_from: r.get(at + 1)?,
        category: r.get(at + 2)?,
        lon: r.get(at + 3)?,
        lat: r.get(at + 4)?,
        cuadrante: r.get(at + 5)?,
        barrio: r.get(at + 6)?,
        address: r.get(at + 7)?,
        description: r.get(at + 8)?,
        source: r.get(at + 9)?,
    })
}

fn placeholders(n: usize) -> String {
    vec!["?"; n].join(", ")
}

/// Quote every word so user text can never be read as FTS5 syntax; all words must match.
fn fts_query(text: &str) -> String {
    text.split_whitespace()
        .map(|w| format!("\"{}\"", w.replace('"', "\"\"")))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Counts for one key.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct KeyCount {
    /// The key (category code, area code, source name, …); empty when the record has none.
    pub key: String,
    /// How many incidents.
    pub count: u64,
}

impl Store {
    /// The filter's SQL, after catching up the search index when the filter searches text.
    pub(crate) fn filter_sql(&self, filter: &IncidentFilter) -> Result<(String, Vec<Value>)> {
        if filter.text.as_deref().is_some_and(|t| !t.trim().is_empty()) {
            self.ensure_search_index()?;
        }
        filter.to_sql()
    }

    /// Stream matching incidents to `each`, in `order`, skipping `offset`, at most `limit`.
    pub fn for_each_incident(
        &self,
        filter: &IncidentFilter,
        order: SortOrder,
        limit: Option<u64>,
        offset: u64,
        mut each: impl FnMut(IncidentRow) -> Result<()>,
    ) -> Result<u64> {
        let (clause, mut args) = self.filter_sql(filter)?;
        let dir = if order == SortOrder::OccurredDesc {
            "DESC"
        } else {
            "ASC"
        };
        let sql = format!(
            "SELECT i.id, i.occurred_from, i.category, i.lon, i.lat, i.cuadrante, i.barrio, i.address, i.description, s.name
             FROM incident i LEFT JOIN source s ON s.id = i.source_id {clause}
             ORDER BY i.occurred_from {dir}, i.id {dir} LIMIT ? OFFSET ?"
        );
        args.push(Value::Integer(limit.map_or(-1, |l| l as i64)));
        args.push(Value::Integer(offset as i64));
        let mut stmt = self.conn.prepare(&sql)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(args))?;
        let mut n = 0;
        while let Some(r) = rows.next()? {
            each(incident_row(r, 0)?)?;
            n += 1;
        }
        Ok(n)
    }

    /// How many incidents match (whole days from the rollup when the filter allows).
    pub fn count_incidents(&self, filter: &IncidentFilter) -> Result<u64> {
        let Some(plan) = plan(filter) else {
            return self.count_incidents_scan(filter);
        };
        let mut n = self.rollup_count(&plan)?;
        for edge in plan.edges() {
            n += self.count_incidents_scan(edge)?;
        }
        Ok(n)
    }

    fn count_incidents_scan(&self, filter: &IncidentFilter) -> Result<u64> {
        let (clause, args) = self.filter_sql(filter)?;
        let sql = format!("SELECT count(*) FROM incident i {clause}");
        Ok(self
            .conn
            .query_row(&sql, rusqlite::params_from_iter(args), |r| {
                r.get::<_, i64>(0)
            })? as u64)
    }

    /// Matching incidents counted by a column (`category`, `cuadrante`, `barrio`, or `source`),
    /// sorted by key.
    pub fn count_by(&self, filter: &IncidentFilter, by: &str) -> Result<Vec<KeyCount>> {
        let Some(plan) = plan(filter) else {
            return self.count_by_scan(filter, by);
        };
        let mut counts: BTreeMap<String, u64> = BTreeMap::new();
        let parts = [self.rollup_count_by(&plan, by)?].into_iter().chain(
            plan.edges()
                .map(|e| self.count_by_scan(e, by))
                .collect::<Result<Vec<_>>>()?,
        );
        for kc in parts.flatten() {
            *counts.entry(kc.key).or_default() += kc.count;
        }
        Ok(counts
            .into_iter()
            .map(|(key, count)| KeyCount { key, count })
            .collect())
    }

    fn count_by_scan(&self, filter: &IncidentFilter, by: &str) -> Result<Vec<KeyCount>> {
        let expr = count_key("i", by)?;
        let (clause, args) = self.filter_sql(filter)?;
        let sql =
            format!("SELECT {expr} AS k, count(*) FROM incident i {clause} GROUP BY k ORDER BY k");
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(args), |r| {
            Ok(KeyCount {
                key: r.get(0)?,
                count: r.get::<_, i64>(1)? as u64,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Earliest and latest occurrence among matching incidents (Unix seconds). With the rollup:
    /// the first and last matching days are found there, then only those days are read.
    pub fn occurred_range(&self, filter: &IncidentFilter) -> Result<Option<(i64, i64)>> {
        let Some(plan) = plan(filter) else {
            return self.occurred_range_scan(filter);
        };
        let within_day = |d: i64| IncidentFilter {
            from: DateTime::from_timestamp(day_start(d), 0),
            to: DateTime::from_timestamp(day_start(d + 1), 0),
            ..filter.clone()
        };
        let scan = |f: Option<&IncidentFilter>| f.map_or(Ok(None), |f| self.occurred_range_scan(f));
        let before = scan(plan.before.as_ref())?;
        let after = scan(plan.after.as_ref())?;
        let (first_day, last_day) = match self.rollup_day_range(&plan)? {
            Some((a, b)) => (scan(Some(&within_day(a)))?, scan(Some(&within_day(b)))?),
            None => (None, None),
        };
        let first = before.or(first_day).or(after).map(|r| r.0);
        let last = after.or(last_day).or(before).map(|r| r.1);
        Ok(first.zip(last))
    }

    fn occurred_range_scan(&self, filter: &IncidentFilter) -> Result<Option<(i64, i64)>> {
        let (clause, args) = self.filter_sql(filter)?;
        let sql =
            format!("SELECT min(i.occurred_from), max(i.occurred_from) FROM incident i {clause}");
        let (a, b): (Option<i64>, Option<i64>) =
            self.conn
                .query_row(&sql, rusqlite::params_from_iter(args), |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })?;
        Ok(a.zip(b))
    }

    /// Areas of one kind: `(code, name)` sorted by code.
    pub fn areas(&self, kind: &str) -> Result<Vec<(String, String)>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT code, name FROM area WHERE kind = ? ORDER BY code")?;
        let rows = stmt.query_map([kind], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The street gazetteer, in code order (for geocoding).
    pub fn streets(&self) -> Result<Vec<atalaya_model::Street>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT code, name, main_axis, line, number_from, number_to FROM street ORDER BY code",
        )?;
        let mut rows = stmt.query([])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let code: String = r.get(0)?;
            let line: Vec<[f64; 2]> =
                serde_json::from_str(&r.get::<_, String>(3)?).map_err(|e| StoreError::Corrupt {
                    table: "street",
                    column: "line",
                    reason: format!("street {code}: {e}"),
                })?;
            out.push(atalaya_model::Street {
                name: r.get(1)?,
                main_axis: r.get::<_, i64>(2)? != 0,
                line: line
                    .into_iter()
                    .map(|[lon, lat]| atalaya_model::GeoPoint { lon, lat })
                    .collect(),
                number_from: r
                    .get::<_, Option<i64>>(4)?
                    .and_then(|n| u32::try_from(n).ok()),
                number_to: r
                    .get::<_, Option<i64>>(5)?
                    .and_then(|n| u32::try_from(n).ok()),
            });
        }
        Ok(out)
    }

    /// Sources: `(name, kind)` sorted by name.
    pub fn sources(&self) -> Result<Vec<(String, String)>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT name, kind FROM source ORDER BY name")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Number of rows in a table of the schema (for stats and tests).
    pub fn table_count(&self, table: &str) -> Result<u64> {
        if crate::schema::by_name(table).is_none() && !["change", "audit"].contains(&table) {
            return Err(StoreError::InvalidFilter(format!(
                "unknown table `{table}`"
            )));
        }
        Ok(self
            .conn
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| {
                r.get::<_, i64>(0)
            })? as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fts_query_quotes_every_word() {
        assert_eq!(
            fts_query(r#"robo  "celular" OR"#),
            r#""robo" """celular""" "OR""#
        );
    }

    #[test]
    fn group_code_matches_its_categories_with_escaped_like() {
        let f = IncidentFilter {
            categories: vec!["dmcs".into(), "inc.danos".into()],
            ..Default::default()
        };
        let (sql, args) = f.to_sql().unwrap();
        assert_eq!(
            sql,
            "WHERE (i.category LIKE ? ESCAPE '\\' OR i.category = ?)"
        );
        assert_eq!(
            args,
            vec![
                Value::Text("dmcs.%".into()),
                Value::Text("inc.danos".into())
            ]
        );
    }

    #[test]
    fn rejects_inverted_bbox_and_range() {
        let f = IncidentFilter {
            bbox: Some([1.0, 0.0, 0.0, 1.0]),
            ..Default::default()
        };
        assert!(matches!(f.to_sql(), Err(StoreError::InvalidFilter(_))));
        let t = chrono::Utc::now();
        let f = IncidentFilter {
            from: Some(t),
            to: Some(t),
            ..Default::default()
        };
        assert!(matches!(f.to_sql(), Err(StoreError::InvalidFilter(_))));
    }
}
