//! Cross-source linking: the same event reported by a patrol, a camera operator and a citizen
//! becomes one incident with three sources.
//!
//! After each file is imported, the link pass ([`pass`]) scores its incidents against those of
//! other sources ([`atalaya_ingest::link`]): pairs above the auto-confirm threshold are merged
//! ([`merge`]), pairs in the review band are queued for an analyst, who confirms (merge) or
//! rejects (never proposed again) each one here — `atalaya links review|confirm|reject`.

mod merge;
mod pass;

use atalaya_ingest::link::{LinkRecord, LinkScore, score};
use atalaya_model::IncidentId;
use atalaya_model::time::{format_local, from_unix};
use atalaya_store::codec;
use atalaya_store::links::LinkRow;
use atalaya_store::schema::LINK;
use atalaya_store::view_query::IncidentRecord;
use serde::Serialize;

pub use pass::LinkPassSummary;

use crate::{Error, Result, Workspace};

/// One side of a queued pair, as an analyst compares it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LinkSide {
    /// Incident id.
    pub id: String,
    /// When, local time.
    pub occurred_at: String,
    /// Category code.
    pub category: String,
    /// Source name.
    pub source: Option<String>,
    /// Description.
    pub description: String,
    /// Address.
    pub address: Option<String>,
    /// Longitude.
    pub lon: Option<f64>,
    /// Latitude.
    pub lat: Option<f64>,
}

/// A pair the linker could not decide, waiting for an analyst.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct QueuedLink {
    /// The link id to confirm or reject.
    pub id: String,
    /// The score it was queued with.
    pub score: f64,
    /// The score's parts, computed again from the records as they are now.
    pub parts: Option<LinkScore>,
    /// The incident that stays when confirmed.
    pub incident: LinkSide,
    /// The incident merged into it when confirmed.
    pub candidate: LinkSide,
}

/// The review queue as an analyst sees it: how many pairs wait in all, and the best of them.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LinkQueue {
    /// Pairs waiting for an analyst, all of them.
    pub pending: u64,
    /// The best `limit` of them, best score first.
    pub pairs: Vec<QueuedLink>,
}

/// What an analyst's decision did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LinkDecision {
    /// The link.
    pub id: String,
    /// `confirmed` (merged) or `rejected`.
    pub decision: &'static str,
    /// The incident that holds both records now (when confirmed).
    pub incident: Option<String>,
}

fn side(r: &IncidentRecord) -> LinkSide {
    let i = &r.row.incident;
    LinkSide {
        id: i.id.clone(),
        occurred_at: format_local(from_unix(i.occurred_from)),
        category: i.category.clone(),
        source: i.source.clone(),
        description: i.description.clone(),
        address: i.address.clone(),
        lon: i.lon,
        lat: i.lat,
    }
}

fn as_record(r: &IncidentRecord, source: [u8; 16]) -> Option<LinkRecord> {
    let i = &r.row.incident;
    Some(LinkRecord {
        source,
        at: i.occurred_from,
        lon: i.lon?,
        lat: i.lat?,
        accuracy_m: r.accuracy_m,
        category: i.category.clone(),
        description: i.description.clone(),
    })
}

fn parse_link_id(id: &str) -> Result<[u8; 16]> {
    id.parse::<IncidentId>()
        .map(|i| *i.as_bytes())
        .map_err(|_| Error::invalid("link id", id, "a UUID listed by `atalaya links review`"))
}

impl Workspace {
    /// Pairs waiting for an analyst, best score first.
    pub fn links_queued(&self, limit: u64) -> Result<Vec<QueuedLink>> {
        let mut out = Vec::new();
        for l in self.store.queued_links(limit)? {
            let (Some(a), Some(b)) = (
                self.store.incident_record(&l.incident_id)?,
                self.store.incident_record(&l.target_id)?,
            ) else {
                continue;
            };
            // The two sides come from different sources; their names tell them apart here.
            let parts = as_record(&a, [1; 16]).zip(as_record(&b, [2; 16]));
            out.push(QueuedLink {
                id: IncidentId::from_bytes(l.id).to_string(),
                score: l.score,
                parts: parts.and_then(|(x, y)| score(&x, &y)),
                incident: side(&a),
                candidate: side(&b),
            });
        }
        Ok(out)
    }

    /// The review queue: how many pairs wait, and the best `limit` of them side by side.
    pub fn link_queue(&self, limit: u64) -> Result<LinkQueue> {
        Ok(LinkQueue {
            pending: self.store.queued_link_count()?,
            pairs: self.links_queued(limit)?,
        })
    }

    fn queued_link(&self, id: &str) -> Result<LinkRow> {
        let key = parse_link_id(id)?;
        match self.store.link(&key)? {
            Some(l) if l.confirmed == 0 && l.target_table == "incident" => Ok(l),
            Some(l) => Err(Error::invalid(
                "link id",
                id,
                format!(
                    "a link waiting for review (this one is {})",
                    match l.confirmed {
                        1 => "confirmed",
                        -1 => "rejected",
                        _ => "not a proposal",
                    }
                ),
            )),
            None => Err(Error::invalid(
                "link id",
                id,
                "a link listed by `atalaya links review`",
            )),
        }
    }

    /// Confirm a queued pair: the candidate is merged into the incident.
    pub fn link_confirm(&mut self, id: &str) -> Result<LinkDecision> {
        let link = self.queued_link(id)?;
        let actor = self.actor.clone();
        let mut tx = self.store.write(&actor, "link.confirm")?;
        let kept = merge::cluster_sources(&tx, &link.incident_id)?;
        let merged = merge::cluster_sources(&tx, &link.target_id)?;
        if let Some(both) = kept.intersection(&merged).next().copied() {
            drop(tx);
            let name = self.store_source_name(&both)?;
            return Err(Error::invalid(
                "link id",
                id,
                format!(
                    "two incidents with records of different sources (both hold one from '{name}')"
                ),
            ));
        }
        merge::absorb(&mut tx, &link.target_id, &link.incident_id, link.score)?;
        tx.commit(serde_json::json!({ "link": id, "decision": "confirm" }))?;
        Ok(LinkDecision {
            id: id.to_string(),
            decision: "confirmed",
            incident: Some(IncidentId::from_bytes(link.incident_id).to_string()),
        })
    }

    /// Reject a queued pair: the two stay apart and are never proposed again.
    pub fn link_reject(&mut self, id: &str) -> Result<LinkDecision> {
        let link = self.queued_link(id)?;
        let actor = self.actor.clone();
        let mut tx = self.store.write(&actor, "link.reject")?;
        tx.update(
            &LINK,
            &codec::key(&link.id),
            &[("confirmed", atalaya_store::Value::Integer(-1))],
        )?;
        tx.commit(serde_json::json!({ "link": id, "decision": "reject" }))?;
        Ok(LinkDecision {
            id: id.to_string(),
            decision: "rejected",
            incident: None,
        })
    }

    fn store_source_name(&self, id: &[u8; 16]) -> Result<String> {
        Ok(self
            .store
            .source_name(id)?
            .unwrap_or_else(|| IncidentId::from_bytes(*id).to_string()))
    }
}
