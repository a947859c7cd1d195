//! The link pass over one import batch: its incidents against those of every other source.
//!
//! The batch's time span is walked a day at a time. For each day the located incidents of that
//! day (± the linking window) are read once; every pair of a batch incident and an incident of
//! another source is scored; pairs are taken best first, each batch incident at most once and
//! each kept incident with at most one record per source, and merged or queued by their
//! verdict. A day is one write transaction, so the pass can stop anywhere: run again, it finds
//! merged incidents gone and queued ones queued, and goes on. When the whole span is done the
//! batch is marked in `link_pass`.

use std::collections::hash_map::Entry;
use std::collections::{BTreeSet, HashMap, HashSet};

use atalaya_ingest::link::{LinkRecord, LinkScore, Verdict, WINDOW_MINUTES, score};
use atalaya_model::IncidentId;
use atalaya_store::links::LinkableIncident;
use atalaya_store::schema::LINK;
use atalaya_store::{Value, WriteTx, codec};

use super::merge::{absorb, cluster_sources};
use crate::{ImportSummary, Result, Workspace};

const DAY_S: i64 = 86_400;

/// What a link pass did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct LinkPassSummary {
    /// Incidents merged into an incident of another source.
    pub linked: u64,
    /// Pairs queued for an analyst.
    pub queued: u64,
}

fn as_record(i: &LinkableIncident) -> LinkRecord {
    LinkRecord {
        source: i.source_id.unwrap_or([0; 16]),
        at: i.at,
        lon: i.lon,
        lat: i.lat,
        accuracy_m: i.accuracy_m,
        category: i.category.clone(),
        description: i.description.clone(),
    }
}

/// Local days on either side of a UTC day that its incidents and window may reach: local time
/// is a few hours behind UTC, and the window is shorter than a day.
const DAY_MARGIN: i64 = 1;

/// Whether UTC day `day` (a day number), with the linking window (seconds) around it, may meet
/// an incident of another source: some local day near it holds one (`days`, from the rollup).
/// Days that cannot are not read at all, so a source imported alone costs no link pass.
fn may_pair(days: &BTreeSet<i64>, day: i64, window: i64) -> bool {
    let reach = reach(window);
    days.range(day - reach..=day + reach).next().is_some()
}

/// How many local days on either side of a UTC day its incidents and their window may reach.
fn reach(window: i64) -> i64 {
    DAY_MARGIN + window.div_euclid(DAY_S) + 1
}

/// Every candidate pair of a day: (score, batch incident, other incident), best first.
fn day_pairs<'a>(
    pool: &'a [LinkableIncident],
    batch: &[u8; 16],
    from: i64,
    to: i64,
) -> Vec<(LinkScore, &'a LinkableIncident, &'a LinkableIncident)> {
    let window = (WINDOW_MINUTES * 60.0) as i64;
    let records: Vec<LinkRecord> = pool.iter().map(as_record).collect();
    let mut pairs = Vec::new();
    let mut lo = 0;
    for (n, i) in pool.iter().enumerate() {
        if i.batch_id.as_ref() != Some(batch) || i.at < from || i.at >= to {
            continue;
        }
        while pool[lo].at < i.at - window {
            lo += 1;
        }
        for (m, j) in pool.iter().enumerate().skip(lo) {
            if j.at > i.at + window {
                break;
            }
            if j.source_id == i.source_id {
                continue;
            }
            if let Some(s) = score(&records[n], &records[m])
                && s.verdict() != Verdict::Apart
            {
                pairs.push((s, i, j));
            }
        }
    }
    pairs.sort_by(|a, b| b.0.total.total_cmp(&a.0.total).then(a.1.id.cmp(&b.1.id)));
    pairs
}

impl Workspace {
    /// Run the link pass over `batch` unless it has finished before.
    pub fn link_batch(&mut self, batch: &[u8; 16]) -> Result<LinkPassSummary> {
        let mut summary = LinkPassSummary::default();
        if self.store.link_pass_done(batch)? {
            return Ok(summary);
        }
        let actor = self.actor.clone();
        if let Some((first, last)) = self.store.batch_time_range(batch)? {
            let window = (WINDOW_MINUTES * 60.0) as i64;
            let others = self.other_source_days(batch, first, last, window)?;
            let mut day = first - first.rem_euclid(DAY_S);
            while day <= last {
                if others
                    .as_ref()
                    .is_some_and(|days| !may_pair(days, day / DAY_S, window))
                {
                    day += DAY_S;
                    continue;
                }
                let pool = self
                    .store
                    .located_between(day - window, day + DAY_S + window)?;
                let pairs = day_pairs(&pool, batch, day, day + DAY_S);
                if !pairs.is_empty() {
                    let mut tx = self.store.write(&actor, "link.pass")?;
                    let done = link_day(&mut tx, &pairs)?;
                    summary.linked += done.linked;
                    summary.queued += done.queued;
                    tx.commit(serde_json::json!({
                        "batch": IncidentId::from_bytes(*batch).to_string(), "day": day,
                        "linked": done.linked, "queued": done.queued,
                    }))?;
                }
                day += DAY_S;
            }
        }
        let mut tx = self.store.write(&actor, "link.pass")?;
        tx.mark_link_pass(batch, summary.linked, summary.queued)?;
        tx.commit(serde_json::json!({
            "batch": IncidentId::from_bytes(*batch).to_string(), "complete": true,
            "linked": summary.linked, "queued": summary.queued,
        }))?;
        Ok(summary)
    }

    /// The local days, around the batch's span, that hold incidents of other sources (None when
    /// the batch's source is unknown: then every day is read).
    fn other_source_days(
        &self,
        batch: &[u8; 16],
        first: i64,
        last: i64,
        window: i64,
    ) -> Result<Option<BTreeSet<i64>>> {
        let Some(source) = self.store.batch_source(batch)? else {
            return Ok(None);
        };
        let days = self.store.days_with_other_sources(
            &source,
            first.div_euclid(DAY_S) - reach(window),
            last.div_euclid(DAY_S) + reach(window),
        )?;
        Ok(Some(days))
    }

    /// After a file is in: run its batch's link pass (also when an earlier run stopped before
    /// it) and add what it did to the summary.
    pub(crate) fn link_imported(&mut self, mut summary: ImportSummary) -> Result<ImportSummary> {
        let Ok(batch) = summary.batch_id.parse::<atalaya_model::BatchId>() else {
            return Ok(summary);
        };
        let done = self.link_batch(batch.as_bytes())?;
        summary.linked = done.linked;
        summary.link_queued = done.queued;
        Ok(summary)
    }

    /// Run the link pass over every imported batch that has not had one (oldest first).
    pub fn link_all(&mut self) -> Result<LinkPassSummary> {
        let mut total = LinkPassSummary::default();
        for batch in self.store.batches_to_link()? {
            let s = self.link_batch(&batch)?;
            total.linked += s.linked;
            total.queued += s.queued;
        }
        Ok(total)
    }
}

/// Take one day's pairs best first.
fn link_day(
    tx: &mut WriteTx<'_>,
    pairs: &[(LinkScore, &LinkableIncident, &LinkableIncident)],
) -> Result<LinkPassSummary> {
    let mut done = LinkPassSummary::default();
    let mut settled: HashSet<[u8; 16]> = HashSet::new();
    let mut sources: HashMap<[u8; 16], BTreeSet<[u8; 16]>> = HashMap::new();
    for (s, i, j) in pairs {
        if settled.contains(&i.id) {
            continue;
        }
        let existing = tx.links_to(&i.id)?;
        if existing.iter().any(|l| l.confirmed == 0) {
            // Already waiting for an analyst.
            settled.insert(i.id);
            continue;
        }
        if existing.iter().any(|l| l.incident_id == j.id) {
            // An analyst said these are two events.
            continue;
        }
        if let Entry::Vacant(e) = sources.entry(j.id) {
            e.insert(cluster_sources(tx, &j.id)?);
        }
        let theirs = cluster_sources(tx, &i.id)?;
        if theirs.is_empty() || !sources[&j.id].is_disjoint(&theirs) {
            // Gone since the day was read, or the kept incident has a record of this source.
            continue;
        }
        match s.verdict() {
            Verdict::Merge => {
                absorb(tx, &i.id, &j.id, s.total)?;
                sources.entry(j.id).or_default().extend(theirs);
                done.linked += 1;
            }
            Verdict::Review => {
                tx.insert(
                    &LINK,
                    &[
                        codec::key(IncidentId::new().as_bytes()),
                        codec::key(&j.id),
                        Value::Text("incident".into()),
                        codec::key(&i.id),
                        Value::Real(s.total),
                        Value::Integer(0),
                    ],
                )?;
                done.queued += 1;
            }
            Verdict::Apart => continue,
        }
        settled.insert(i.id);
    }
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn given_other_sources_on_some_days_then_only_days_within_reach_may_pair() {
        let window = (WINDOW_MINUTES * 60.0) as i64;
        let days: BTreeSet<i64> = [100, 110].into();
        let reach = reach(window);
        assert!(
            reach >= 2,
            "local time and the window reach past the next day"
        );
        for day in 90..=120 {
            let near = (100 - reach..=100 + reach).contains(&day)
                || (110 - reach..=110 + reach).contains(&day);
            assert_eq!(may_pair(&days, day, window), near, "day {day}");
        }
        assert!(!may_pair(&BTreeSet::new(), 100, window));
    }
}
