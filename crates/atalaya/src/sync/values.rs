//! Store values and keys as they travel: SQLite values ↔ [`WireValue`], record keys ↔
//! [`RowId`], store stamps ↔ wire [`Stamp`]s.

use atalaya_store::Value;
use atalaya_store::sync_book::FieldStamp;
use atalaya_sync::wire::{RowId, Stamp, WireValue};

/// A store value on the wire.
pub fn to_wire(value: &Value) -> WireValue {
    match value {
        Value::Null => WireValue::Null,
        Value::Integer(i) => WireValue::Int(*i),
        // SQLite never hands back NaN (it stores it as NULL).
        Value::Real(r) => WireValue::Real(*r),
        Value::Text(t) => WireValue::Text(t.clone()),
        Value::Blob(b) => WireValue::Blob(b.clone()),
    }
}

/// A wire value in the store.
pub fn from_wire(value: &WireValue) -> Value {
    match value {
        WireValue::Null => Value::Null,
        WireValue::Int(i) => Value::Integer(*i),
        WireValue::Real(r) => Value::Real(*r),
        WireValue::Text(t) => Value::Text(t.clone()),
        WireValue::Blob(b) => Value::Blob(b.clone()),
    }
}

/// A record key on the wire: a 16-byte BLOB is a UUID, text is a code.
pub fn row_id(key: &Value) -> Option<RowId> {
    match key {
        Value::Blob(b) => uuid::Uuid::from_slice(b).ok().map(RowId::Id),
        Value::Text(t) => Some(RowId::Code(t.clone())),
        _ => None,
    }
}

/// A wire key in the store.
pub fn key(id: &RowId) -> Value {
    match id {
        RowId::Id(u) => Value::Blob(u.as_bytes().to_vec()),
        RowId::Code(c) => Value::Text(c.clone()),
    }
}

/// A key as people read it.
pub fn key_text(id: &RowId) -> String {
    match id {
        RowId::Id(u) => u.to_string(),
        RowId::Code(c) => c.clone(),
    }
}

/// A store stamp on the wire.
pub fn to_stamp(s: FieldStamp) -> Stamp {
    Stamp::new(s.hlc, s.device)
}

/// A wire stamp in the store.
pub fn from_stamp(s: Stamp) -> FieldStamp {
    FieldStamp {
        hlc: s.hlc,
        device: s.device,
    }
}

/// A value as people read and type it.
pub fn display(value: &WireValue) -> String {
    match value {
        WireValue::Null => String::new(),
        WireValue::Int(i) => i.to_string(),
        WireValue::Real(r) => r.to_string(),
        WireValue::Text(t) => t.clone(),
        WireValue::Blob(b) => hex::encode(b),
    }
}

/// Text typed by a person as a value of the same kind as `like`.
pub fn parse_like(text: &str, like: &WireValue) -> Option<WireValue> {
    match like {
        WireValue::Int(_) => text.trim().parse().ok().map(WireValue::Int),
        WireValue::Real(_) => text
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|r| r.is_finite())
            .map(WireValue::Real),
        WireValue::Blob(_) => hex::decode(text.trim()).ok().map(WireValue::Blob),
        WireValue::Null | WireValue::Text(_) => Some(WireValue::Text(text.to_owned())),
    }
}
