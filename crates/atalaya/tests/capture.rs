//! Field capture on a real SQLCipher store: an incident recorded by hand is placed (a point
//! given, or its address geocoded against the store's streets), belongs to the field source,
//! and is audited like any write; every kind of bad input is refused with what was expected,
//! and nothing is written.

use atalaya::capture::{FIELD_SOURCE, NewIncident};
use atalaya::{OpenOptions, Workspace};
use atalaya_store::IncidentFilter;

fn demo_store(dir: &tempfile::TempDir) -> Workspace {
    let opts = OpenOptions::new(dir.path().join("campo.db"))
        .with_passphrase(Some("clave de prueba".into()));
    let mut ws = Workspace::create(&opts).unwrap();
    let config = atalaya::DemoConfig {
        seed: 9,
        incidents: 40,
        start: chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(),
        days: 20,
    };
    ws.load_demo(&config, &mut |_, _| {}).unwrap();
    ws
}

fn count(ws: &Workspace) -> u64 {
    ws.count_incidents(&IncidentFilter::default()).unwrap()
}

/// A demo incident's address the store's streets can place, and a demo point inside the comuna.
fn known_place(ws: &Workspace) -> (String, (f64, f64)) {
    let mut found = None;
    ws.for_each_incident(&IncidentFilter::default(), Default::default(), |i| {
        if found.is_none()
            && let (Some(a), Some(lon), Some(lat)) = (i.address, i.lon, i.lat)
            && ws.gazetteer().unwrap().geocode(&a).is_ok()
        {
            found = Some((a, (lon, lat)));
        }
        Ok(())
    })
    .unwrap();
    found.expect("a demo incident with a geocodable address")
}

fn hurto(occurred_at: &str) -> NewIncident {
    NewIncident {
        category: "dmcs.hurto".into(),
        occurred_at: occurred_at.into(),
        description: "  Sustracción de mochila en paradero.  ".into(),
        ..NewIncident::default()
    }
}

#[test]
fn given_an_address_when_captured_then_it_is_geocoded_placed_and_audited() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = demo_store(&dir);
    let (address, _) = known_place(&ws);
    let before = count(&ws);

    let detail = ws
        .capture_incident(&NewIncident {
            address: Some(address.clone()),
            ..hurto("2024-01-15 21:40")
        })
        .unwrap();

    assert_eq!(count(&ws), before + 1);
    assert_eq!(detail.occurred_at, "2024-01-15T21:40:00-03:00");
    assert_eq!(detail.category, "dmcs.hurto");
    assert_eq!(detail.description, "Sustracción de mochila en paradero.");
    assert_eq!(detail.address.as_deref(), Some(address.as_str()));
    assert_eq!(detail.source.as_deref(), Some(FIELD_SOURCE));
    assert!(
        matches!(
            detail.location_precision.as_deref(),
            Some("exact" | "interpolated" | "street_only")
        ),
        "{:?}",
        detail.location_precision
    );
    assert!(detail.lon.is_some() && detail.accuracy_m.is_some());
    assert!(detail.cuadrante.is_some(), "placed in a cuadrante");
    assert_eq!(detail.status, "reported");
    assert!(detail.lineage.is_empty(), "no input file behind it");
    let history: Vec<&str> = detail.history.iter().map(|h| h.action.as_str()).collect();
    assert_eq!(history, ["incident.capture"]);
    assert!(ws.verify_audit().unwrap().problems.is_empty());
}

#[test]
fn given_a_point_when_captured_then_it_is_kept_as_reported_and_the_source_is_reused() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = demo_store(&dir);
    let (_, point) = known_place(&ws);

    let first = ws
        .capture_incident(&NewIncident {
            point: Some(point),
            address: Some("frente al kiosco".into()),
            ..hurto("2024-01-16 08:05")
        })
        .unwrap();
    let second = ws
        .capture_incident(&NewIncident {
            point: Some(point),
            ..hurto("2024-01-16 09:10")
        })
        .unwrap();

    assert_eq!((first.lon, first.lat), (Some(point.0), Some(point.1)));
    assert_eq!(first.location_precision.as_deref(), Some("reported"));
    assert_eq!(first.address.as_deref(), Some("frente al kiosco"));
    assert_eq!(second.source.as_deref(), Some(FIELD_SOURCE));
    assert_eq!(
        ws.stats()
            .unwrap()
            .by_source
            .iter()
            .filter(|s| s.name == FIELD_SOURCE && s.kind == "field")
            .map(|s| s.count)
            .sum::<u64>(),
        2,
        "one field source holding both"
    );
}

#[test]
fn given_bad_input_when_captured_then_it_is_refused_with_what_was_expected_and_nothing_is_written()
{
    let dir = tempfile::tempdir().unwrap();
    let mut ws = demo_store(&dir);
    let (address, point) = known_place(&ws);
    let before = count(&ws);
    let audit_before = ws.verify_audit().unwrap();
    let cases = [
        (
            "category",
            NewIncident {
                category: "dmcs.hurtoo".into(),
                point: Some(point),
                ..hurto("2024-01-15 21:40")
            },
        ),
        (
            "occurred at",
            NewIncident {
                point: Some(point),
                ..hurto("15-01-2024 21:40")
            },
        ),
        (
            "occurred at",
            NewIncident {
                point: Some(point),
                ..hurto("2999-01-01 00:00")
            },
        ),
        (
            "description",
            NewIncident {
                description: "   ".into(),
                point: Some(point),
                ..hurto("2024-01-15 21:40")
            },
        ),
        ("location", hurto("2024-01-15 21:40")),
        (
            "location",
            NewIncident {
                point: Some((-70.0, -33.0)),
                address: Some(address),
                ..hurto("2024-01-15 21:40")
            },
        ),
        (
            "address",
            NewIncident {
                address: Some("Calle Inexistente 123".into()),
                ..hurto("2024-01-15 21:40")
            },
        ),
    ];
    for (what, new) in cases {
        let err = ws.capture_incident(&new).unwrap_err();
        assert_eq!(err.code(), "invalid_argument", "{what}: {err}");
        assert!(
            err.details().iter().any(|(k, v)| *k == "what" && v == what),
            "{what}: {:?}",
            err.details()
        );
    }
    assert_eq!(count(&ws), before, "nothing written");
    assert_eq!(
        ws.verify_audit().unwrap().entries,
        audit_before.entries,
        "no audited write"
    );
}
