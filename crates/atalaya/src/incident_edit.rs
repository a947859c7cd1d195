//! Correcting an incident by hand: a person sets its category, description, status or time
//! (Santiago), or moves it — to a point picked on the map, or to an address the store's streets
//! can place — and its cuadrante and barrio follow. Each correction is one audited write (one
//! change entry that sync ships); a refused one writes nothing.

use atalaya_model::IncidentStatus;
use atalaya_store::schema::INCIDENT;
use atalaya_store::{Value, codec};
use chrono::Utc;
use serde::Deserialize;

use crate::cases::text;
use crate::placing::Placed;
use crate::{Error, Result, Workspace};

/// What a person corrects in an incident; a field left `None` stays as it is.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IncidentCorrection {
    /// A taxonomy code (`dmcs.hurto`).
    #[serde(default)]
    pub category: Option<String>,
    /// What happened (1 to 4000 characters).
    #[serde(default)]
    pub description: Option<String>,
    /// `reported`, `verified` or `discarded`.
    #[serde(default)]
    pub status: Option<String>,
    /// When it happened, America/Santiago `YYYY-MM-DD HH:MM` (its local day and hour follow).
    #[serde(default)]
    pub occurred_at: Option<String>,
    /// The address as written. On its own, and different from the one stored, it is geocoded
    /// and the incident moves there; beside a point it is kept as written; empty clears it.
    #[serde(default)]
    pub address: Option<String>,
    /// A new place, `[lon, lat]` in WGS84 degrees: the incident moves there.
    #[serde(default)]
    pub point: Option<(f64, f64)>,
}

/// The `FIELD=VALUE` names [`Workspace::edit_incident`] takes.
const FIELDS: &str = "category, description, status, occurred_at, address, or lon and lat together";

impl Workspace {
    /// Apply `correction` to incident `id`; returns whether anything changed. Refused, saying
    /// what was expected, when a category is not a taxonomy code, a status is not one of the
    /// three, a description is empty, or the new place cannot be placed inside the comuna.
    pub fn correct_incident(&mut self, id: &str, correction: &IncidentCorrection) -> Result<bool> {
        let (key, stored) = self.incident_by_id(id)?;

        let mut changes: Vec<(&str, Value)> = Vec::new();
        if let Some(category) = &correction.category {
            let category = category.trim();
            if self.taxonomy().category(category).is_none() {
                return Err(Error::invalid(
                    "category",
                    category,
                    "a code of the standard taxonomy (see `atalaya stats`)",
                ));
            }
            changes.push(("category", Value::Text(category.to_owned())));
        }
        if let Some(description) = &correction.description {
            let description = text(
                "description",
                description,
                "a description of 1 to 4000 characters",
            )?;
            changes.push(("description", Value::Text(description)));
        }
        if let Some(status) = &correction.status {
            let status: IncidentStatus = status.trim().parse().map_err(|_| {
                Error::invalid("status", status.as_str(), "reported, verified or discarded")
            })?;
            changes.push(("status", Value::Text(status.as_str().to_owned())));
        }

        if let Some(text) = &correction.occurred_at {
            let at = crate::capture::occurred_at(text, Utc::now())?;
            if stored.occurred_to.is_some_and(|to| at.timestamp() > to) {
                return Err(Error::invalid(
                    "occurred at",
                    text.as_str(),
                    "a time no later than the end of the incident's span (occurred to)",
                ));
            }
            changes.extend(codec::incident_time(at));
        }

        let address = correction.address.as_deref().map(str::trim);
        let moved_to_address = address.filter(|a| {
            !a.is_empty() && Some(*a) != stored.row.incident.address.as_deref().map(str::trim)
        });
        let placed = match (correction.point, moved_to_address) {
            (None, None) => None,
            (point, address) => Some(self.place_by_hand(point, address)?),
        };
        if let Some(address) = address {
            let value = if address.is_empty() {
                Value::Null
            } else {
                Value::Text(address.to_owned())
            };
            changes.push(("address", value));
        }
        if let Some(placed) = placed {
            changes.extend(place_columns(placed));
        }

        let mut tx = self.store.write(&self.actor, "incident.edit")?;
        if !tx.update(&INCIDENT, &Value::Blob(key.to_vec()), &changes)? {
            // Nothing differs: the transaction is dropped, and no audit entry says otherwise.
            return Ok(false);
        }
        let fields: Vec<&str> = changes.iter().map(|(c, _)| *c).collect();
        tx.commit(serde_json::json!({ "incident": id.trim(), "fields": fields }))?;
        Ok(true)
    }

    /// Correct incident `id` from `FIELD=VALUE` pairs (the CLI's form): category, description,
    /// status, address, and lon with lat for a point; returns whether anything changed.
    pub fn edit_incident(&mut self, id: &str, fields: &[(String, String)]) -> Result<bool> {
        let mut correction = IncidentCorrection::default();
        let (mut lon, mut lat) = (None, None);
        for (field, value) in fields {
            let value = value.clone();
            match field.trim() {
                "category" => correction.category = Some(value),
                "description" => correction.description = Some(value),
                "status" => correction.status = Some(value),
                "occurred_at" => correction.occurred_at = Some(value),
                "address" => correction.address = Some(value),
                "lon" => lon = Some(degrees("lon", &value)?),
                "lat" => lat = Some(degrees("lat", &value)?),
                other => return Err(Error::invalid("incident field", other, FIELDS)),
            }
        }
        correction.point = match (lon, lat) {
            (Some(lon), Some(lat)) => Some((lon, lat)),
            (None, None) => None,
            _ => {
                return Err(Error::invalid(
                    "location",
                    "",
                    "lon and lat together (WGS84 degrees)",
                ));
            }
        };
        self.correct_incident(id, &correction)
    }
}

/// The incident columns a placed point sets.
fn place_columns(placed: Placed) -> [(&'static str, Value); 6] {
    let real = |v: Option<f64>| v.map_or(Value::Null, Value::Real);
    let text = |v: Option<String>| v.map_or(Value::Null, Value::Text);
    [
        ("lon", Value::Real(placed.point.lon)),
        ("lat", Value::Real(placed.point.lat)),
        ("accuracy_m", real(placed.accuracy_m)),
        (
            "location_precision",
            Value::Text(placed.precision.as_str().to_owned()),
        ),
        ("cuadrante", text(placed.cuadrante)),
        ("barrio", text(placed.barrio)),
    ]
}

fn degrees(what: &'static str, value: &str) -> Result<f64> {
    value
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .ok_or_else(|| Error::invalid(what, value, "a number of WGS84 degrees, e.g. -70.6109"))
}
