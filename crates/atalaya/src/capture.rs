//! Field capture: an incident recorded by hand on a workstation — a patrol's laptop offline for
//! hours, an analyst taking a call. It is placed like an imported one (a point given, or its
//! address geocoded against the store's streets; cuadrante and barrio from the areas), written
//! through the one audited write path under the source *Captura en terreno*, and so shipped by
//! the next sync like any other record.

use atalaya_ingest::profile::{AmbiguousTime, NonexistentTime};
use atalaya_ingest::values::to_utc;
use atalaya_model::time::LOCAL_TZ;
use atalaya_model::{
    Incident, IncidentId, IncidentStatus, Sensitivity, Source, SourceId, SourceKind,
};
use atalaya_store::codec;
use atalaya_store::schema::{INCIDENT, SOURCE};
use chrono::{DateTime, NaiveDateTime, Utc};

use crate::cases::text;
use crate::view::IncidentDetail;
use crate::{Error, Result, Workspace};

/// The source every captured incident belongs to.
pub const FIELD_SOURCE: &str = "Captura en terreno";

/// How far ahead of this machine's clock a capture may be dated (clocks drift).
const FUTURE_SLACK_MINUTES: i64 = 10;

/// An incident as a person records it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NewIncident {
    /// A taxonomy code (`dmcs.hurto`).
    pub category: String,
    /// When it happened, America/Santiago: `YYYY-MM-DD HH:MM`.
    pub occurred_at: String,
    /// What happened.
    pub description: String,
    /// Where, as written (geocoded when no point is given).
    pub address: Option<String>,
    /// Where, as a point (a GPS fix or a pick on the map), WGS84 longitude and latitude.
    pub point: Option<(f64, f64)>,
}

impl Workspace {
    /// Record `new` as an incident of this store; returns it as the detail panel shows it.
    /// Refused, with what was expected, when its category is not a taxonomy code, its time is
    /// not a local `YYYY-MM-DD HH:MM` in the past, its description is empty, or it has no place
    /// inside the comuna (a point outside, an address the streets cannot place, or neither).
    pub fn capture_incident(&mut self, new: &NewIncident) -> Result<IncidentDetail> {
        if self.taxonomy().category(new.category.trim()).is_none() {
            return Err(Error::invalid(
                "category",
                new.category.clone(),
                "a code of the standard taxonomy (see `atalaya stats`)",
            ));
        }
        let occurred = occurred_at(&new.occurred_at, Utc::now())?;
        let description = text(
            "description",
            &new.description,
            "a description of 1 to 4000 characters",
        )?;
        let address = new
            .address
            .as_deref()
            .map(str::trim)
            .filter(|a| !a.is_empty());
        let placed = self.place_by_hand(new.point, address)?;

        let source_id = self.store.source_id_by_name(FIELD_SOURCE)?;
        let incident = Incident {
            id: IncidentId::new(),
            occurred_from: occurred,
            occurred_to: None,
            reported_at: Some(Utc::now()),
            category: new.category.trim().to_owned(),
            original_category: None,
            description,
            location: Some(placed.point),
            accuracy_m: placed.accuracy_m,
            location_precision: Some(placed.precision),
            address: address.map(str::to_owned),
            cuadrante: placed.cuadrante,
            barrio: placed.barrio,
            status: IncidentStatus::Reported,
            sensitivity: Sensitivity::Normal,
            source_id: Some(SourceId::from_bytes(
                source_id.unwrap_or(*field_source_id().as_bytes()),
            )),
            batch_id: None,
            created_by: None,
        };
        let mut tx = self.store.write(&self.actor, "incident.capture")?;
        if source_id.is_none() {
            let source = Source {
                id: field_source_id(),
                kind: SourceKind::Field,
                name: FIELD_SOURCE.to_owned(),
                profile: None,
            };
            tx.insert(&SOURCE, &codec::source(&source))?;
        }
        tx.insert(&INCIDENT, &codec::incident(&incident))?;
        tx.commit(serde_json::json!({ "incident": incident.id.to_string() }))?;
        self.incident_detail(&incident.id.to_string())
    }
}

/// The field source's id: the same on every workstation, so captures from several laptops
/// arrive at the server as one source.
fn field_source_id() -> SourceId {
    crate::import::source_id_for(FIELD_SOURCE)
}

/// `text` (local `YYYY-MM-DD HH:MM`) as an instant no later than `now` (plus a little slack).
/// A time repeated when daylight saving ends is taken as the first; one skipped when it starts
/// is refused.
pub(crate) fn occurred_at(text: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>> {
    let bad = |expected: &str| Error::invalid("occurred at", text, expected);
    let local = NaiveDateTime::parse_from_str(text.trim(), "%Y-%m-%d %H:%M")
        .map_err(|_| bad("a local date and time as YYYY-MM-DD HH:MM"))?;
    let at = to_utc(
        local,
        LOCAL_TZ,
        AmbiguousTime::Earlier,
        NonexistentTime::Reject,
    )
    .map_err(|_| {
        bad("a local time that exists in America/Santiago (this one is skipped when DST starts)")
    })?;
    if at > now + chrono::Duration::minutes(FUTURE_SLACK_MINUTES) {
        return Err(bad("a time that has already happened"));
    }
    Ok(at)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2024, 6, 1, 12, 0, 0).unwrap()
    }

    #[test]
    fn a_local_winter_time_is_four_hours_behind_utc() {
        let at = occurred_at(" 2024-05-31 21:15 ", now()).unwrap();
        assert_eq!(at, Utc.with_ymd_and_hms(2024, 6, 1, 1, 15, 0).unwrap());
    }

    #[test]
    fn other_forms_future_times_and_skipped_times_are_refused() {
        for text in ["31-05-2024 21:15", "2024-05-31", "", "2024-06-01 12:30"] {
            let err = occurred_at(text, now()).unwrap_err();
            assert_eq!(err.code(), "invalid_argument", "{text}");
        }
        // 2024-09-08 00:00 to 00:59 does not exist in Santiago (clocks jump to 01:00).
        let skipped = occurred_at(
            "2024-09-08 00:30",
            Utc.with_ymd_and_hms(2024, 10, 1, 0, 0, 0).unwrap(),
        );
        assert!(skipped.unwrap_err().to_string().contains("skipped"));
    }
}
