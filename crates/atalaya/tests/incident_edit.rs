//! Correcting an incident by hand on a real SQLCipher store: a new address is geocoded and the
//! incident moves there with its cuadrante and barrio; a point picked wins over the address;
//! category, description and status are checked; every refusal names what was expected and
//! writes nothing; each correction is one audited write.

use atalaya::incident_edit::IncidentCorrection;
use atalaya::{IncidentOut, OpenOptions, Workspace};
use atalaya_store::IncidentFilter;

fn demo_store(dir: &tempfile::TempDir) -> Workspace {
    let opts = OpenOptions::new(dir.path().join("correcciones.db"))
        .with_passphrase(Some("clave de prueba".into()));
    let mut ws = Workspace::create(&opts).unwrap();
    let config = atalaya::DemoConfig {
        seed: 11,
        incidents: 60,
        start: chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(),
        days: 20,
    };
    ws.load_demo(&config, &mut |_, _| {}).unwrap();
    ws
}

fn incidents(ws: &Workspace) -> Vec<IncidentOut> {
    let mut all = Vec::new();
    ws.for_each_incident(&IncidentFilter::default(), Default::default(), |i| {
        all.push(i);
        Ok(())
    })
    .unwrap();
    all
}

/// An incident, and the address of another one the streets place at least 200 m away.
fn incident_and_far_address(ws: &Workspace) -> (String, String) {
    let gazetteer = ws.gazetteer().unwrap();
    let all = incidents(ws);
    let first = all.iter().find(|i| i.lon.is_some()).unwrap();
    let (lon, lat) = (first.lon.unwrap(), first.lat.unwrap());
    let address = all
        .iter()
        .filter_map(|i| i.address.clone())
        .find(|a| {
            gazetteer.geocode(a).is_ok_and(|g| {
                // 0.002° is about 200 m here.
                (g.point.lon - lon).abs() + (g.point.lat - lat).abs() > 0.002
            })
        })
        .expect("a geocodable demo address away from the first incident");
    (first.id.clone(), address)
}

fn json(ws: &Workspace, id: &str) -> serde_json::Value {
    serde_json::to_value(ws.incident_detail(id).unwrap()).unwrap()
}

#[test]
fn given_a_new_address_when_corrected_then_the_incident_moves_to_where_the_streets_place_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = demo_store(&dir);
    let (id, address) = incident_and_far_address(&ws);
    let geocoded = ws.gazetteer().unwrap().geocode(&address).unwrap();

    let changed = ws
        .correct_incident(
            &id,
            &IncidentCorrection {
                address: Some(format!("  {address} ")),
                ..Default::default()
            },
        )
        .unwrap();

    assert!(changed);
    let detail = ws.incident_detail(&id).unwrap();
    assert_eq!(detail.address.as_deref(), Some(address.as_str()));
    assert_eq!(
        (detail.lon, detail.lat),
        (Some(geocoded.point.lon), Some(geocoded.point.lat))
    );
    assert_eq!(
        detail.location_precision.as_deref(),
        Some(geocoded.precision.as_str())
    );
    assert_eq!(detail.accuracy_m, Some(geocoded.accuracy_m));
    let areas = ws.area_index().unwrap();
    match areas.place(geocoded.point) {
        atalaya::areas::Placement::Inside { cuadrante, barrio } => {
            assert_eq!((detail.cuadrante, detail.barrio), (cuadrante, barrio));
        }
        other => panic!("the demo address is inside the comuna: {other:?}"),
    }
    assert_eq!(
        detail.history.last().map(|h| h.action.as_str()),
        Some("incident.edit")
    );

    // Saving the same address again neither moves the incident nor writes anything.
    let audit = ws.verify_audit().unwrap().entries;
    let same = IncidentCorrection {
        address: Some(address.clone()),
        ..Default::default()
    };
    assert!(!ws.correct_incident(&id, &same).unwrap());
    assert_eq!(ws.incident_detail(&id).unwrap().lon, detail.lon);
    let report = ws.verify_audit().unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert_eq!(report.entries, audit, "nothing changed, nothing audited");
}

#[test]
fn given_a_point_when_corrected_then_it_wins_and_the_address_is_kept_as_written() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = demo_store(&dir);
    let all = incidents(&ws);
    let (moved, there) = (&all[0], &all[all.len() - 1]);
    let point = (there.lon.unwrap(), there.lat.unwrap());

    ws.correct_incident(
        &moved.id,
        &IncidentCorrection {
            point: Some(point),
            address: Some("frente al kiosco".into()),
            ..Default::default()
        },
    )
    .unwrap();

    let detail = ws.incident_detail(&moved.id).unwrap();
    assert_eq!((detail.lon, detail.lat), (Some(point.0), Some(point.1)));
    assert_eq!(detail.location_precision.as_deref(), Some("reported"));
    assert_eq!(detail.accuracy_m, None);
    assert_eq!(detail.address.as_deref(), Some("frente al kiosco"));
    assert_eq!(detail.cuadrante, there.cuadrante);
    assert_eq!(detail.barrio, there.barrio);

    // The CLI's form: lon and lat as text, an empty address clears it.
    let fields = [
        ("lon".to_string(), format!("{}", moved.lon.unwrap())),
        ("lat".to_string(), format!("{}", moved.lat.unwrap())),
        ("address".to_string(), String::new()),
    ];
    assert!(ws.edit_incident(&moved.id, &fields).unwrap());
    let back = ws.incident_detail(&moved.id).unwrap();
    assert_eq!((back.lon, back.lat), (moved.lon, moved.lat));
    assert_eq!(back.address, None);
    assert_eq!(back.cuadrante, moved.cuadrante);
}

#[test]
fn given_category_description_and_status_when_corrected_then_each_is_checked_and_set() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = demo_store(&dir);
    let id = incidents(&ws)[3].id.clone();
    let before = ws.incident_detail(&id).unwrap();
    assert!(
        !before.occurred_at.starts_with("2024-01-05"),
        "moved to another day"
    );

    ws.correct_incident(
        &id,
        &IncidentCorrection {
            category: Some(" ley.armas ".into()),
            description: Some("  Porte de arma blanca, revisado en cámara. ".into()),
            status: Some("verified".into()),
            // Summer time in Santiago: UTC−3; the local day and hour follow.
            occurred_at: Some("2024-01-05 23:30".into()),
            ..Default::default()
        },
    )
    .unwrap();

    let after = ws.incident_detail(&id).unwrap();
    assert_eq!(after.occurred_at, "2024-01-05T23:30:00-03:00");
    let on_the_5th = atalaya::FilterArgs {
        from: Some("2024-01-05".into()),
        to: Some("2024-01-06".into()),
        ..Default::default()
    };
    let filter = ws.parse_filter(&on_the_5th).unwrap();
    let mut found = false;
    ws.for_each_incident(&filter, Default::default(), |i| {
        found |= i.id == id;
        Ok(())
    })
    .unwrap();
    assert!(found, "found on its new day");
    assert_eq!(after.category, "ley.armas");
    assert_eq!(
        after.description,
        "Porte de arma blanca, revisado en cámara."
    );
    assert_eq!(after.status, "verified");
    assert_eq!(after.original_category, before.original_category, "kept");
    assert_eq!(
        (after.lon, after.lat),
        (before.lon, before.lat),
        "not moved"
    );
}

#[test]
fn given_bad_corrections_then_each_is_refused_with_what_was_expected_and_nothing_changes() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = demo_store(&dir);
    let id = incidents(&ws)[5].id.clone();
    let before = json(&ws, &id);
    let audit = ws.verify_audit().unwrap().entries;
    let c = IncidentCorrection::default;
    let cases = [
        (
            "category",
            IncidentCorrection {
                category: Some("dmcs.hurtoo".into()),
                ..c()
            },
        ),
        (
            "status",
            IncidentCorrection {
                status: Some("cerrado".into()),
                ..c()
            },
        ),
        (
            "description",
            IncidentCorrection {
                description: Some("  ".into()),
                ..c()
            },
        ),
        (
            "address",
            IncidentCorrection {
                address: Some("Calle Inexistente 123".into()),
                ..c()
            },
        ),
        (
            "location",
            IncidentCorrection {
                point: Some((-70.0, -33.0)),
                ..c()
            },
        ),
        (
            "location",
            IncidentCorrection {
                point: Some((f64::NAN, -33.43)),
                ..c()
            },
        ),
        (
            "occurred at",
            IncidentCorrection {
                occurred_at: Some("2999-01-01 00:00".into()),
                ..c()
            },
        ),
        (
            "occurred at",
            IncidentCorrection {
                occurred_at: Some("05-01-2024 23:30".into()),
                ..c()
            },
        ),
        // A good field beside a bad one: the whole correction is refused.
        (
            "status",
            IncidentCorrection {
                description: Some("texto nuevo".into()),
                status: Some("closed".into()),
                ..c()
            },
        ),
    ];
    for (what, correction) in cases {
        let err = ws.correct_incident(&id, &correction).unwrap_err();
        assert_eq!(err.code(), "invalid_argument", "{what}: {err}");
        assert!(
            err.details().iter().any(|(k, v)| *k == "what" && v == what),
            "{what}: {:?}",
            err.details()
        );
    }
    let field = |f: &str, v: &str| vec![(f.to_string(), v.to_string())];
    for (what, fields) in [
        ("location", field("lon", "-70.61")),
        ("lat", field("lat", "norte")),
        ("incident field", field("sensitivity", "normal")),
    ] {
        let err = ws.edit_incident(&id, &fields).unwrap_err();
        assert!(
            err.details().iter().any(|(k, v)| *k == "what" && v == what),
            "{what}: {err}"
        );
    }
    let unknown = ws
        .correct_incident("01900000-0000-7000-8000-000000000000", &c())
        .unwrap_err();
    assert_eq!(unknown.code(), "not_found");

    assert_eq!(json(&ws, &id), before, "the incident is as it was");
    assert_eq!(
        ws.verify_audit().unwrap().entries,
        audit,
        "no audited write"
    );
}

#[test]
fn given_an_incident_with_a_span_when_its_time_is_corrected_then_it_may_not_pass_the_span_end() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = demo_store(&dir);
    let id = incidents(&ws)[7].id.clone();
    // No reader gives a span yet (a synced record may carry one): set its end by hand,
    // 2024-01-25 12:00 in Santiago (UTC−3 in summer), after every demo incident's start.
    let span_end = chrono::DateTime::parse_from_rfc3339("2024-01-25T12:00:00-03:00")
        .unwrap()
        .timestamp();
    let key = atalaya_store::codec::key(uuid::Uuid::parse_str(&id).unwrap().as_bytes());
    let mut tx = ws.store_mut().write("prueba", "test.span").unwrap();
    tx.update(
        &atalaya_store::schema::INCIDENT,
        &key,
        &[("occurred_to", atalaya_store::Value::Integer(span_end))],
    )
    .unwrap();
    tx.commit(serde_json::json!({})).unwrap();
    let before = json(&ws, &id);
    let audit = ws.verify_audit().unwrap().entries;

    let at = |text: &str| IncidentCorrection {
        occurred_at: Some(text.into()),
        ..Default::default()
    };
    let err = ws
        .correct_incident(&id, &at("2024-01-25 12:01"))
        .unwrap_err();
    assert_eq!(err.code(), "invalid_argument", "{err}");
    assert!(
        err.to_string().contains("end of the incident's span"),
        "says what was expected: {err}"
    );
    assert_eq!(json(&ws, &id), before, "a minute past the end: unchanged");
    assert_eq!(ws.verify_audit().unwrap().entries, audit, "nothing written");

    ws.correct_incident(&id, &at("2024-01-25 12:00")).unwrap();
    let after = ws.incident_detail(&id).unwrap();
    assert_eq!(
        after.occurred_at, "2024-01-25T12:00:00-03:00",
        "the end itself"
    );
    assert_eq!(ws.verify_audit().unwrap().entries, audit + 1);
}
