//! The demo's raw source files (`atalaya demo --sources DIR`) import through the shipped
//! profiles with `auto`: every row accounted for, every planted fault in quarantine, exact
//! duplicates recognised, and the same files again add nothing. The incident files (patrol,
//! citizen, camera CSVs), the móviles' GPS tracks (GPX) and the Fiscalía's register (xlsx).

use std::collections::{BTreeMap, BTreeSet};

use atalaya::demo::write_demo_sources;
use atalaya::{DemoConfig, ImportSummary, OpenOptions, ProfileChoice, Workspace};

/// Reasons an incident file's rows may be quarantined for: the planted faults, and local times
/// in the repeated hour when clocks go back (ambiguous in the export).
const INCIDENT_REASONS: &[&str] = &[
    "bad_date",
    "unknown_category",
    "no_location",
    "outside_comuna",
    "ambiguous_time",
];

/// Each file, the profile `auto` must pick for it, and the quarantine reasons it may show.
const FILES: &[(&str, &str, &[&str])] = &[
    ("camaras_eventos.csv", "camaras_eventos", INCIDENT_REASONS),
    (
        "denuncias_ciudadanas.csv",
        "denuncias_ciudadanas",
        INCIDENT_REASONS,
    ),
    (
        "fiscalia_registro.xlsx",
        "fiscalia_registro_xlsx",
        &["bad_date", "invalid_case_number"],
    ),
    (
        "patrullaje_gps.gpx",
        "patrullaje_gps",
        &["bad_date", "no_location", "missing_value"],
    ),
    (
        "patrullaje_municipal.csv",
        "patrullaje_municipal",
        INCIDENT_REASONS,
    ),
];

/// One line of `.truth.csv`.
struct Truth {
    file: String,
    record_id: String,
    fault: String,
}

fn truth(dir: &std::path::Path) -> Vec<Truth> {
    let text = std::fs::read_to_string(dir.join(".truth.csv")).unwrap();
    text.lines()
        .skip(1)
        .map(|line| {
            let f: Vec<&str> = line.split(',').collect();
            Truth {
                file: f[0].into(),
                record_id: f[1].into(),
                fault: f[3].into(),
            }
        })
        .collect()
}

/// Planted faults per file: `(file, fault) → rows`.
fn planted(truth: &[Truth]) -> BTreeMap<(String, String), u64> {
    let mut out = BTreeMap::new();
    for t in truth {
        *out.entry((t.file.clone(), t.fault.clone())).or_default() += 1;
    }
    out
}

/// `(record id, reason)` of every quarantined row of `file`.
fn quarantined(ws: &Workspace, file: &str) -> BTreeSet<(String, String)> {
    let conn = ws.store().conn();
    let mut stmt = conn
        .prepare(
            "SELECT b.origin, r.source_key, r.reason FROM raw_record r
             JOIN import_batch b ON b.id = r.batch_id WHERE r.status = 'quarantined'",
        )
        .unwrap();
    stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })
    .unwrap()
    .map(Result::unwrap)
    .filter(|(origin, _, _)| origin.ends_with(file))
    .map(|(_, key, reason)| {
        let reason: serde_json::Value = serde_json::from_str(&reason).unwrap();
        (key, reason["reason"].as_str().unwrap().to_string())
    })
    .collect()
}

#[test]
fn demo_sources_import_with_every_fault_quarantined_and_nothing_lost() {
    let dir = tempfile::tempdir().unwrap();
    let sources = dir.path().join("fuentes");
    let config = DemoConfig {
        seed: 3,
        incidents: 6_000,
        ..DemoConfig::default()
    };
    let written = write_demo_sources(&config, &sources).unwrap();
    let truth = truth(&sources);
    let planted = planted(&truth);

    let opts = OpenOptions::new(dir.path().join("atalaya.db"))
        .with_passphrase(Some("clave de prueba".into()));
    let mut ws = Workspace::create(&opts).unwrap();
    ws.load_demo(
        &DemoConfig {
            incidents: 0,
            ..config
        },
        &mut |_, _| {},
    )
    .unwrap();
    let summaries: Vec<ImportSummary> = ws
        .import_paths(
            std::slice::from_ref(&sources),
            &ProfileChoice::Auto,
            &mut |_, _| {},
        )
        .unwrap();
    assert_eq!(summaries.len(), FILES.len(), "{summaries:#?}");
    assert_eq!(written.files.len(), FILES.len());
    for (s, (name, profile, reasons)) in summaries.iter().zip(FILES) {
        assert!(s.file.ends_with(name), "{s:?}");
        let rows = written
            .files
            .iter()
            .find(|(p, _)| p.ends_with(name))
            .unwrap()
            .1;
        let count = |fault: &str| {
            planted
                .get(&(name.to_string(), fault.to_string()))
                .copied()
                .unwrap_or(0)
        };
        assert!(s.balanced(), "{s:?}");
        assert_eq!(s.read, rows, "{name}: every written row is read");
        assert_eq!(
            s.profile, *profile,
            "auto picks the profile written for the file"
        );
        for reason in s.by_reason.keys() {
            assert!(
                reasons.contains(&reason.as_str()),
                "{name}: unexpected reason {reason}"
            );
        }
        // A repeated row counts as a duplicate when its first copy was accepted; a repeat of
        // a quarantined row waits in quarantine beside it.
        assert!(s.duplicate <= count("duplicate"), "{name}: {s:?}");
        let faults: u64 = reasons.iter().map(|r| count(r)).sum();
        assert!(faults > 0, "{name}: faults are planted");
        if reasons == &INCIDENT_REASONS {
            // Points near the comuna's edge may leave it under the source's location error:
            // more in quarantine, never fewer. (Citizen rows without coordinates are geocoded.)
            assert!(
                s.quarantined + s.duplicate >= faults + count("duplicate"),
                "{name}: {s:?} vs {faults} faults"
            );
            assert!(
                s.quarantined <= faults + count("duplicate") + rows / 100,
                "{name}: {s:?} vs {faults} faults"
            );
        } else {
            // Tracks and cases are not placed: exactly the planted faults are quarantined,
            // each for its own reason, and every repeat is a duplicate.
            let by_reason: BTreeMap<String, u64> = reasons
                .iter()
                .map(|r| (r.to_string(), count(r)))
                .filter(|(_, n)| *n > 0)
                .collect();
            assert_eq!(s.by_reason, by_reason, "{name}");
            assert_eq!(s.duplicate, count("duplicate"), "{name}");
        }
    }

    // A case's record id is its RUC: each faulty case is in quarantine for its own fault.
    let expected: BTreeSet<(String, String)> = truth
        .iter()
        .filter(|t| t.file == "fiscalia_registro.xlsx")
        .filter(|t| t.fault == "bad_date" || t.fault == "invalid_case_number")
        .map(|t| (t.record_id.clone(), t.fault.clone()))
        .collect();
    assert_eq!(quarantined(&ws, "fiscalia_registro.xlsx"), expected);

    let again = ws
        .import_paths(&[sources], &ProfileChoice::Auto, &mut |_, _| {})
        .unwrap();
    assert!(again.iter().all(|s| s.already_imported), "{again:#?}");
    assert!(ws.verify_audit().unwrap().ok());
}
