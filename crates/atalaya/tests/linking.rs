//! Cross-source linking on the demo sources, scored against the generator's truth: the same
//! event seen by a patrol, a camera and a citizen ends up as one incident with three sources;
//! pairwise precision and recall are measured and printed (`--nocapture`).

mod support;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use atalaya::demo::write_demo_sources;
use atalaya::{DemoConfig, ProfileChoice, Workspace};
use support::*;

/// `(file, record id) → event` for every record the generator wrote.
fn truth(dir: &std::path::Path) -> HashMap<(String, String), String> {
    let text = std::fs::read_to_string(dir.join(".truth.csv")).unwrap();
    text.lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            ((f[0].to_string(), f[1].to_string()), f[2].to_string())
        })
        .collect()
}

/// `(file, record id) → incident` for every accepted input row.
fn placed(ws: &Workspace) -> HashMap<(String, String), Vec<u8>> {
    let conn = ws.store().conn();
    let mut stmt = conn
        .prepare(
            "SELECT b.origin, r.source_key, r.target_id FROM raw_record r
             JOIN import_batch b ON b.id = r.batch_id
             WHERE r.status = 'accepted' AND r.target_table = 'incident'",
        )
        .unwrap();
    stmt.query_map([], |r| {
        let origin: String = r.get(0)?;
        let file = std::path::Path::new(&origin)
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        Ok(((file, r.get::<_, String>(1)?), r.get::<_, Vec<u8>>(2)?))
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

/// Pairs of records (from different files) that share a key.
fn pairs<K: Ord + Clone>(
    groups: &BTreeMap<K, Vec<(String, String)>>,
) -> BTreeSet<((String, String), (String, String))> {
    let mut out = BTreeSet::new();
    for members in groups.values() {
        for (n, a) in members.iter().enumerate() {
            for b in &members[n + 1..] {
                if a.0 != b.0 {
                    out.insert(if a < b {
                        (a.clone(), b.clone())
                    } else {
                        (b.clone(), a.clone())
                    });
                }
            }
        }
    }
    out
}

#[test]
fn demo_sources_link_into_one_incident_per_event_with_high_precision_and_recall() {
    let dir = tempfile::tempdir().unwrap();
    let sources = dir.path().join("fuentes");
    let config = DemoConfig {
        seed: 11,
        incidents: 12_000,
        ..DemoConfig::default()
    };
    write_demo_sources(&config, &sources).unwrap();
    let truth = truth(&sources);
    let mut ws = reference_store(&dir);
    let summaries = ws
        .import_paths(
            std::slice::from_ref(&sources),
            &ProfileChoice::Auto,
            &mut |_, _| {},
        )
        .unwrap();
    for s in &summaries {
        assert!(s.balanced(), "{s:?}");
        println!(
            "{}: read {} created {} linked {} queued {}",
            s.profile, s.read, s.created, s.linked, s.link_queued
        );
    }
    let placed = placed(&ws);

    let mut by_event: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    let mut by_incident: BTreeMap<Vec<u8>, Vec<(String, String)>> = BTreeMap::new();
    for (record, incident) in &placed {
        let event = truth
            .get(record)
            .unwrap_or_else(|| panic!("{record:?} not in the truth"));
        by_event
            .entry(event.clone())
            .or_default()
            .push(record.clone());
        by_incident
            .entry(incident.clone())
            .or_default()
            .push(record.clone());
    }
    let expected = pairs(&by_event);
    let found = pairs(&by_incident);
    let right = expected.intersection(&found).count() as f64;
    let precision = right / found.len() as f64;
    let recall = right / expected.len() as f64;
    let queued = ws.links_queued(1_000_000).unwrap();
    let queued_true = queued
        .iter()
        .filter(|q| {
            let members = |id: &str| -> Vec<&String> {
                let id = id.parse::<atalaya_model::IncidentId>().unwrap();
                by_incident[&id.as_bytes().to_vec()]
                    .iter()
                    .map(|r| &truth[r])
                    .collect()
            };
            let a = members(&q.incident.id);
            members(&q.candidate.id).iter().any(|e| a.contains(e))
        })
        .count();
    println!(
        "linking: {} true pairs, {} merged pairs, {right} right: precision {precision:.4}, recall {recall:.4}; \
         {} queued for review ({queued_true} of them true)",
        expected.len(),
        found.len(),
        queued.len()
    );
    assert!(
        expected.len() > 500,
        "the demo has cross-source duplicates to find"
    );
    assert!(precision >= 0.95, "precision {precision:.4}");
    assert!(recall >= 0.95, "recall {recall:.4}");

    // One robbery, three sources: some incident holds a patrol, a citizen and a camera row.
    let triple = by_incident.values().filter(|m| {
        m.iter()
            .map(|r| r.0.as_str())
            .collect::<BTreeSet<_>>()
            .len()
            == 3
    });
    assert!(triple.count() > 10, "incidents with three sources");
    assert_audit_ok(&ws);

    // The same files again: nothing added, nothing linked twice.
    let incidents = ws.store().count_incidents(&Default::default()).unwrap();
    let again = ws
        .import_paths(&[sources], &ProfileChoice::Auto, &mut |_, _| {})
        .unwrap();
    assert!(
        again.iter().all(|s| s.already_imported && s.linked == 0),
        "{again:#?}"
    );
    assert_eq!(
        ws.store().count_incidents(&Default::default()).unwrap(),
        incidents
    );

    // An analyst settles the queue: confirming merges, rejecting keeps both, neither twice.
    if queued.len() >= 2 {
        let before = ws.store().count_incidents(&Default::default()).unwrap();
        let done = ws.link_confirm(&queued[0].id).unwrap();
        assert_eq!(done.decision, "confirmed");
        assert_eq!(
            ws.store().count_incidents(&Default::default()).unwrap(),
            before - 1
        );
        ws.link_reject(&queued[1].id).unwrap();
        assert_eq!(
            ws.store().count_incidents(&Default::default()).unwrap(),
            before - 1
        );
        let err = ws.link_reject(&queued[1].id).unwrap_err().to_string();
        assert!(err.contains("waiting for review"), "{err}");
        assert_eq!(ws.links_queued(1_000_000).unwrap().len(), queued.len() - 2);
        assert_audit_ok(&ws);
    }
}
