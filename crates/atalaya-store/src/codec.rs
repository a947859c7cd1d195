//! Conversions between model values and the column values of the traced tables.

use atalaya_model::time::{LOCAL_TZ, local_day_number};
use atalaya_model::{Area, Camera, Category, CategoryGroup, ImportBatch, Incident, Source, Street};
use chrono::{DateTime, Timelike, Utc};
use geo::BoundingRect;
use rusqlite::types::Value;

fn blob(bytes: &[u8; 16]) -> Value {
    Value::Blob(bytes.to_vec())
}

fn opt_blob(bytes: Option<&[u8; 16]>) -> Value {
    bytes.map_or(Value::Null, blob)
}

fn text(s: &str) -> Value {
    Value::Text(s.to_owned())
}

fn opt_text(s: Option<&str>) -> Value {
    s.map_or(Value::Null, text)
}

fn opt_real(f: Option<f64>) -> Value {
    f.map_or(Value::Null, Value::Real)
}

fn secs(t: DateTime<Utc>) -> Value {
    Value::Integer(t.timestamp())
}

fn opt_secs(t: Option<DateTime<Utc>>) -> Value {
    t.map_or(Value::Null, secs)
}

/// Key value of a UUID-keyed record.
pub fn key(bytes: &[u8; 16]) -> Value {
    blob(bytes)
}

/// The `incident` columns its time sets: `occurred_from`, and its `local_day` and `local_hour`
/// in Santiago.
pub fn incident_time(at: DateTime<Utc>) -> [(&'static str, Value); 3] {
    [
        ("occurred_from", secs(at)),
        ("local_day", Value::Integer(local_day_number(at).into())),
        (
            "local_hour",
            Value::Integer(at.with_timezone(&LOCAL_TZ).hour().into()),
        ),
    ]
}

/// `incident` columns.
pub fn incident(i: &Incident) -> Vec<Value> {
    let [(_, occurred_from), (_, local_day), (_, local_hour)] = incident_time(i.occurred_from);
    vec![
        blob(i.id.as_bytes()),
        occurred_from,
        opt_secs(i.occurred_to),
        opt_secs(i.reported_at),
        local_day,
        local_hour,
        text(&i.category),
        opt_text(i.original_category.as_deref()),
        text(&i.description),
        opt_real(i.location.map(|p| p.lon)),
        opt_real(i.location.map(|p| p.lat)),
        opt_real(i.accuracy_m),
        opt_text(i.address.as_deref()),
        opt_text(i.cuadrante.as_deref()),
        opt_text(i.barrio.as_deref()),
        text(i.status.as_str()),
        text(i.sensitivity.as_str()),
        opt_blob(i.source_id.as_ref().map(|s| s.as_bytes())),
        opt_blob(i.batch_id.as_ref().map(|s| s.as_bytes())),
        opt_blob(i.created_by.as_ref().map(|s| s.as_bytes())),
        opt_text(i.location_precision.map(|p| p.as_str())),
    ]
}

/// `area` columns.
pub fn area(a: &Area) -> Vec<Value> {
    let geometry = serde_json::to_string(&geo_json_multipolygon(&a.geometry)).unwrap_or_default();
    let bbox = a.geometry.bounding_rect();
    let (min, max) = bbox.map_or(((0.0, 0.0), (0.0, 0.0)), |r| (r.min().x_y(), r.max().x_y()));
    vec![
        text(&a.code),
        text(a.kind.as_str()),
        text(&a.name),
        Value::Text(geometry),
        Value::Real(min.0),
        Value::Real(min.1),
        Value::Real(max.0),
        Value::Real(max.1),
    ]
}

/// GeoJSON geometry object for a multipolygon.
pub fn geo_json_multipolygon(mp: &geo::MultiPolygon<f64>) -> serde_json::Value {
    let ring = |l: &geo::LineString<f64>| l.coords().map(|c| [c.x, c.y]).collect::<Vec<_>>();
    let polys: Vec<Vec<Vec<[f64; 2]>>> = mp
        .iter()
        .map(|p| {
            std::iter::once(ring(p.exterior()))
                .chain(p.interiors().iter().map(ring))
                .collect()
        })
        .collect();
    serde_json::json!({ "type": "MultiPolygon", "coordinates": polys })
}

/// `street` columns; `code` is the gazetteer's stable key.
pub fn street(code: &str, s: &Street) -> Vec<Value> {
    let line: Vec<[f64; 2]> = s.line.iter().map(|p| [p.lon, p.lat]).collect();
    vec![
        text(code),
        text(&s.name),
        Value::Integer(s.main_axis.into()),
        Value::Text(serde_json::to_string(&line).unwrap_or_default()),
        s.number_from
            .map_or(Value::Null, |n| Value::Integer(n.into())),
        s.number_to
            .map_or(Value::Null, |n| Value::Integer(n.into())),
    ]
}

/// `camera` columns.
pub fn camera(c: &Camera) -> Vec<Value> {
    vec![
        blob(c.id.as_bytes()),
        text(&c.code),
        Value::Real(c.location.lon),
        Value::Real(c.location.lat),
        opt_real(c.heading_deg),
        opt_text(c.zone.as_deref()),
    ]
}

/// `source` columns.
pub fn source(s: &Source) -> Vec<Value> {
    vec![
        blob(s.id.as_bytes()),
        text(s.kind.as_str()),
        text(&s.name),
        opt_text(s.profile.as_deref()),
    ]
}

/// `import_batch` columns.
pub fn import_batch(b: &ImportBatch) -> Vec<Value> {
    let n = |v: u64| Value::Integer(v as i64);
    vec![
        blob(b.id.as_bytes()),
        blob(b.source_id.as_bytes()),
        text(&b.origin),
        text(&b.content_hash),
        n(b.rows_read),
        n(b.rows_accepted),
        n(b.rows_quarantined),
        n(b.rows_duplicate),
        opt_blob(b.imported_by.as_ref().map(|u| u.as_bytes())),
        secs(b.imported_at),
    ]
}

/// `category_group` columns.
pub fn category_group(g: &CategoryGroup, position: usize) -> Vec<Value> {
    vec![
        text(&g.code),
        text(&g.es),
        text(&g.en),
        Value::Integer(position as i64),
    ]
}

/// `category` columns.
pub fn category(c: &Category, position: usize) -> Vec<Value> {
    vec![
        text(&c.code),
        text(&c.group),
        text(&c.es),
        text(&c.en),
        Value::Integer(position as i64),
    ]
}
