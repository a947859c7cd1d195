//! An element's object and the row fields read from it: the header's keys (dotted paths into
//! nested objects, matched ignoring case and accents), and for GeoJSON the feature's
//! properties, its `id` and its Point's coordinates as virtual columns.

use serde_json::{Map, Value};

use crate::values::fold;

/// Virtual column: a GeoJSON Point's longitude.
pub const GEOJSON_LON: &str = "@lon";
/// Virtual column: a GeoJSON Point's latitude.
pub const GEOJSON_LAT: &str = "@lat";
/// Virtual column: a GeoJSON feature's `id`.
pub const GEOJSON_ID: &str = "@id";

/// Parse one element's text as an object (a Feature for GeoJSON).
pub fn parse_object(text: &str, geojson: bool) -> Result<Map<String, Value>, String> {
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(o)) => {
            if geojson && o.get("type").and_then(Value::as_str) != Some("Feature") {
                return Err("expected a GeoJSON Feature (\"type\": \"Feature\")".into());
            }
            Ok(o)
        }
        Ok(other) => Err(format!("expected a JSON object, found {}", kind_of(&other))),
        Err(e) => Err(format!("not valid JSON: {e}")),
    }
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The values of `header`'s keys in an object (for GeoJSON, a feature: its properties plus the
/// virtual `@lon`, `@lat`, `@id`). A key is matched exactly, then ignoring case and accents,
/// then as a dotted path into nested objects; a missing key reads as empty.
pub fn fields_of(obj: &Map<String, Value>, header: &[String], geojson: bool) -> Vec<String> {
    let empty = Map::new();
    let props = if geojson {
        obj.get("properties")
            .and_then(Value::as_object)
            .unwrap_or(&empty)
    } else {
        obj
    };
    header
        .iter()
        .map(|h| {
            if geojson {
                match h.as_str() {
                    GEOJSON_LON => return coordinate(obj, 0),
                    GEOJSON_LAT => return coordinate(obj, 1),
                    GEOJSON_ID => return obj.get("id").map(text_of).unwrap_or_default(),
                    _ => {}
                }
            }
            lookup(props, h).map(text_of).unwrap_or_default()
        })
        .collect()
}

/// A Point's coordinate as text; a geometry of another type reads as `(Type geometry)`, so the
/// rejection shows what was there.
fn coordinate(feature: &Map<String, Value>, i: usize) -> String {
    let Some(geometry) = feature.get("geometry").and_then(Value::as_object) else {
        return String::new();
    };
    match geometry.get("type").and_then(Value::as_str) {
        Some("Point") => geometry
            .get("coordinates")
            .and_then(|c| c.get(i))
            .map(text_of)
            .unwrap_or_default(),
        Some(other) => format!("({other} geometry)"),
        None => String::new(),
    }
}

fn lookup<'a>(obj: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    if let Some(v) = obj.get(key) {
        return Some(v);
    }
    let folded = fold(key);
    if let Some((_, v)) = obj.iter().find(|(k, _)| fold(k) == folded) {
        return Some(v);
    }
    let (head, rest) = key.split_once('.')?;
    lookup(obj, head)?
        .as_object()
        .and_then(|inner| lookup(inner, rest))
}

/// A JSON value as cell text: strings as they are, null as empty, anything else as JSON.
pub fn text_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// The column names an element offers (for matching profiles to a file): its keys, nested keys
/// as `a.b`, and for GeoJSON the virtual columns.
pub fn keys_of(obj: &Map<String, Value>, geojson: bool) -> Vec<String> {
    let mut out = Vec::new();
    let props = if geojson {
        out.extend([GEOJSON_LON, GEOJSON_LAT, GEOJSON_ID].map(String::from));
        obj.get("properties").and_then(Value::as_object)
    } else {
        Some(obj)
    };
    for (k, v) in props.into_iter().flatten() {
        out.push(k.clone());
        if let Value::Object(inner) = v {
            out.extend(inner.keys().map(|ik| format!("{k}.{ik}")));
        }
    }
    out
}
