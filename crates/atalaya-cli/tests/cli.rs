//! The `atalaya` command, run as a user would: every command, good and bad input, exit codes.

mod support;

use support::*;

#[test]
fn given_no_store_when_init_then_created_and_second_init_refuses() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let r = ok(atalaya(&db, &["init"]));
    assert!(r.stdout.contains("protected by your passphrase"));
    assert_ne!(&std::fs::read(&db).unwrap()[..15], b"SQLite format 3");
    let again = atalaya(&db, &["init"]);
    assert_eq!(again.code, 1);
    assert!(
        again.stderr.contains("a store already exists"),
        "{}",
        again.stderr
    );
}

#[test]
fn given_no_keyring_and_no_passphrase_when_init_then_it_says_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let out = bin()
        .arg("--db")
        .arg(dir.path().join("s.db"))
        .arg("init")
        .env(
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/nonexistent/atalaya-test-bus",
        )
        .output()
        .unwrap();
    let r = Run::from(out);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("no OS keyring is available"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("ATALAYA_PASSPHRASE") && r.stderr.contains("--passphrase-stdin"),
        "{}",
        r.stderr
    );
    assert!(
        !dir.path().join("s.db").exists(),
        "nothing is created when the key has no home"
    );
}

#[test]
fn given_demo_store_when_stats_json_then_counts_add_up() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_store(&dir, "d.db", 3000);
    let r = ok(atalaya(&db, &["stats", "--format", "json"]));
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["incidents"], 3000);
    let sum = |k: &str| {
        v[k].as_array()
            .unwrap()
            .iter()
            .map(|c| c["count"].as_u64().unwrap())
            .sum::<u64>()
    };
    assert_eq!(sum("by_category"), 3000);
    assert_eq!(sum("by_group"), 3000);
    assert_eq!(sum("by_cuadrante"), 3000);
    assert!(
        v["by_category"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["label_es"] == "Hurto")
    );
    let table = ok(atalaya(&db, &["stats"]));
    assert!(
        table.stdout.starts_with("incidentes: 3000\n"),
        "{}",
        table.stdout
    );
}

#[test]
fn given_same_seed_when_building_two_stores_then_stats_and_query_are_identical() {
    let dir = tempfile::tempdir().unwrap();
    let a = demo_store(&dir, "a.db", 4000);
    let b = demo_store(&dir, "b.db", 4000);
    let stats = |db| ok(atalaya(db, &["stats", "--format", "json"])).stdout;
    let csv = |db| ok(atalaya(db, &["query", "--format", "csv"])).stdout;
    assert_eq!(stats(&a), stats(&b));
    let (ca, cb) = (csv(&a), csv(&b));
    assert_eq!(ca, cb);
    assert_eq!(ca.lines().count(), 4001);
    assert!(
        ca.starts_with("id,occurred_at,category,lon,lat,cuadrante,barrio,"),
        "{}",
        &ca[..80]
    );
}

#[test]
fn given_filters_when_querying_then_only_matching_rows_return() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_store(&dir, "d.db", 3000);
    let rows = |args: &[&str]| -> Vec<serde_json::Value> {
        let mut a = vec!["query", "--format", "json"];
        a.extend_from_slice(args);
        serde_json::from_str(&ok(atalaya(&db, &a)).stdout).unwrap()
    };
    let hurtos = rows(&["--category", "dmcs.hurto"]);
    assert!(!hurtos.is_empty() && hurtos.iter().all(|r| r["category"] == "dmcs.hurto"));
    let dmcs = rows(&["--category", "dmcs"]);
    assert!(
        dmcs.len() > hurtos.len()
            && dmcs
                .iter()
                .all(|r| r["category"].as_str().unwrap().starts_with("dmcs."))
    );
    let c01 = rows(&["--area", "C01"]);
    assert!(c01.iter().all(|r| r["cuadrante"] == "C01"));
    let bbox = rows(&["--bbox", "-70.62,-33.44,-70.60,-33.42"]);
    assert!(bbox.iter().all(|r| {
        let (x, y) = (r["lon"].as_f64().unwrap(), r["lat"].as_f64().unwrap());
        (-70.62..=-70.60).contains(&x) && (-33.44..=-33.42).contains(&y)
    }));
    let year = rows(&["--from", "2024-01-01", "--to", "2025-01-01"]);
    assert!(
        !year.is_empty()
            && year
                .iter()
                .all(|r| r["occurred_at"].as_str().unwrap().starts_with("2024-"))
    );
    let word = hurtos[0]["description"]
        .as_str()
        .unwrap()
        .split_whitespace()
        .last()
        .unwrap()
        .trim_matches('.')
        .to_string();
    let text = rows(&["--text", &word]);
    assert!(!text.is_empty());
    let none = rows(&[
        "--category",
        "dmcs.homicidio",
        "--area",
        "C01",
        "--from",
        "2023-01-01",
        "--to",
        "2023-01-02",
    ]);
    assert!(none.is_empty());
    let table = ok(atalaya(&db, &["query", "--limit", "5"]));
    assert!(
        table.stdout.ends_with("5 de 3000 incidentes\n"),
        "{}",
        table.stdout
    );
}

#[test]
fn given_bad_arguments_then_exit_2_with_what_was_expected() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_store(&dir, "d.db", 500);
    let cases: &[(&[&str], &str)] = &[
        (
            &["query", "--category", "robo"],
            "invalid --category `robo`: expected a taxonomy code: dmcs, vif",
        ),
        (
            &["query", "--from", "ayer"],
            "invalid --from `ayer`: expected a date like 2024-03-01",
        ),
        (
            &["query", "--from", "2024-02-01", "--to", "2024-01-01"],
            "invalid --to `2024-01-01`: expected a time after --from",
        ),
        (
            &["query", "--bbox", "1,2"],
            "invalid bbox `1,2`: expected min_lon,min_lat,max_lon,max_lat",
        ),
        (
            &["query", "--area", "Z9"],
            "invalid --area `Z9`: expected a cuadrante or barrio code: C01",
        ),
        (
            &["query", "--source", "nadie"],
            "invalid --source `nadie`: expected a source name: Demo",
        ),
        (
            &["query", "--format", "xml"],
            "invalid value 'xml' for '--format",
        ),
        (&["stats", "--limit", "3"], "unexpected argument '--limit'"),
        (&["frobnicate"], "unrecognized subcommand 'frobnicate'"),
        (&["demo", "--days", "0"], "invalid value '0' for '--days"),
    ];
    for (args, expected) in cases {
        let r = atalaya(&db, args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(
            r.stderr.contains(expected),
            "{args:?}: expected `{expected}` in:\n{}",
            r.stderr
        );
    }
}

#[test]
fn given_wrong_or_missing_passphrase_then_exit_1_and_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_store(&dir, "d.db", 200);
    let r = atalaya_stdin(&db, &["--passphrase-stdin", "stats"], "otra\n");
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("wrong passphrase for"), "{}", r.stderr);
    let r: Run = bin()
        .arg("--db")
        .arg(&db)
        .arg("stats")
        .output()
        .unwrap()
        .into();
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .contains("is protected by a passphrase: set ATALAYA_PASSPHRASE"),
        "{}",
        r.stderr
    );
    let missing = atalaya(&dir.path().join("nope.db"), &["stats"]);
    assert_eq!(missing.code, 1);
    assert!(
        missing.stderr.contains("no Atalaya store at"),
        "{}",
        missing.stderr
    );
    ok(atalaya_stdin(
        &db,
        &["--passphrase-stdin", "stats"],
        &format!("{PASS}\n"),
    ));
}

#[test]
fn given_demo_store_when_audit_verify_then_ok_and_after_tampering_names_first_broken() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_store(&dir, "d.db", 1500);
    let r = ok(atalaya(&db, &["audit", "verify"]));
    assert!(r.stdout.starts_with("audit verify ok:"), "{}", r.stdout);
    raw(&db)
        .execute(
            "UPDATE incident SET category = 'otr.otros' WHERE rid = 10",
            [],
        )
        .unwrap();
    let r = atalaya(&db, &["audit", "verify"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stdout.contains("first broken: incident ")
            && r.stdout.contains("was changed outside Atalaya"),
        "{}",
        r.stdout
    );
    raw(&db)
        .execute("UPDATE audit SET detail = '{}' WHERE seq = 1", [])
        .unwrap();
    let r = atalaya(&db, &["audit", "verify", "--format", "json"]);
    assert_eq!(r.code, 1);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["problems"][0]["kind"], "chain_broken");
    assert_eq!(v["problems"][0]["seq"], 1);
}

#[test]
fn given_rekey_with_new_passphrase_then_old_fails_and_new_opens() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_store(&dir, "d.db", 300);
    ok(atalaya_stdin(
        &db,
        &["--passphrase-stdin", "rekey"],
        &format!("{PASS}\nnueva frase larga\n"),
    ));
    let old = atalaya(&db, &["stats"]);
    assert_eq!(old.code, 1);
    assert!(old.stderr.contains("wrong passphrase"));
    let new = ok(atalaya_stdin(
        &db,
        &["--passphrase-stdin", "stats", "--format", "json"],
        "nueva frase larga\n",
    ));
    assert!(new.stdout.contains("\"incidents\": 300"));
}

#[test]
fn given_backup_when_restore_then_store_is_back_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_store(&dir, "d.db", 800);
    let bak = dir.path().join("copia.bak");
    let before = ok(atalaya(&db, &["query", "--format", "csv"])).stdout;
    ok(atalaya(&db, &["backup", bak.to_str().unwrap()]));
    assert!(dir.path().join("copia.bak.keyinfo").exists());
    std::fs::remove_file(&db).unwrap();
    let r = ok(atalaya(&db, &["restore", bak.to_str().unwrap()]));
    assert!(r.stdout.contains("800 incidents"), "{}", r.stdout);
    assert_eq!(
        ok(atalaya(&db, &["query", "--format", "csv"])).stdout,
        before
    );
    ok(atalaya(&db, &["audit", "verify"]));
    let r = atalaya(&db, &["backup", bak.to_str().unwrap()]);
    assert_eq!(r.code, 1, "backup refuses to overwrite");
    assert!(
        r.stderr.contains("a store already exists at"),
        "{}",
        r.stderr
    );
    let r = atalaya(
        &db,
        &["restore", dir.path().join("no.bak").to_str().unwrap()],
    );
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .contains("is not a valid Atalaya backup: no such file"),
        "{}",
        r.stderr
    );
    let r = atalaya(&db, &["restore"]);
    assert_eq!(r.code, 2, "missing argument is a usage error");
}

#[test]
fn given_export_then_file_holds_every_matching_row_and_stdout_is_quiet() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_store(&dir, "d.db", 1000);
    let out = dir.path().join("hurtos.geojson");
    let r = ok(atalaya(
        &db,
        &[
            "export",
            "--format",
            "geojson",
            "--category",
            "dmcs.hurto",
            "--out",
            out.to_str().unwrap(),
        ],
    ));
    assert!(r.stdout.is_empty());
    assert!(
        !r.stderr.contains('['),
        "no progress bar when piped: {}",
        r.stderr
    );
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    let stats = ok(atalaya(
        &db,
        &["stats", "--format", "json", "--category", "dmcs.hurto"],
    ))
    .stdout;
    let s: serde_json::Value = serde_json::from_str(&stats).unwrap();
    assert_eq!(
        v["features"].as_array().unwrap().len() as u64,
        s["incidents"].as_u64().unwrap()
    );
    let again = atalaya(
        &db,
        &["export", "--format", "csv", "--out", out.to_str().unwrap()],
    );
    assert_eq!(again.code, 2);
    assert!(again.stderr.contains("--force"));
}

#[test]
fn given_demo_twice_on_same_store_then_refused_and_nothing_added() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_store(&dir, "d.db", 100);
    let r = atalaya(&db, &["demo", "--incidents", "50"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("already holds demo data"), "{}", r.stderr);
    assert!(
        ok(atalaya(&db, &["stats", "--format", "json"]))
            .stdout
            .contains("\"incidents\": 100")
    );
}

#[test]
fn given_a_closed_output_pipe_then_commands_end_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let db = support::demo_store(&dir, "s.db", 50);
    for args in [
        &["stats"][..],
        &["query"],
        &["conflicts"],
        &["audit", "verify"],
    ] {
        let mut child = support::bin()
            .arg("--db")
            .arg(&db)
            .args(args)
            .env("ATALAYA_PASSPHRASE", support::PASS)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // Closed before the program writes anything (it opens the store first).
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
    }
}

#[test]
fn given_an_incident_when_set_by_address_or_point_then_it_moves_and_bad_values_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_store(&dir, "set.db", 300);
    let list = |db: &std::path::Path| -> Vec<serde_json::Value> {
        let r = ok(atalaya(
            db,
            &["query", "--format", "json", "--limit", "300"],
        ));
        serde_json::from_str(&r.stdout).unwrap()
    };
    let all = list(&db);
    let first = &all[0];
    let id = first["id"].as_str().unwrap().to_owned();
    let point = |v: &serde_json::Value| (v["lon"].as_f64(), v["lat"].as_f64());
    let find = |rows: &[serde_json::Value]| rows.iter().find(|v| v["id"] == id.as_str()).cloned();

    // Another incident's address, far enough away to see the move: the streets place it.
    let moved = all
        .iter()
        .filter_map(|v| v["address"].as_str())
        .filter(|a| Some(*a) != first["address"].as_str())
        .take(20)
        .find_map(|address| {
            let r = atalaya(
                &db,
                &["incident", "set", &id, &format!("address={address}")],
            );
            (r.code == 0).then(|| (address.to_owned(), r.stdout))
        });
    let (address, stdout) = moved.expect("one of 20 demo addresses is placed by the streets");
    assert_eq!(stdout.trim(), format!("{id}: updated"));
    let after = find(&list(&db)).unwrap();
    assert_eq!(after["address"].as_str(), Some(address.as_str()));
    assert_ne!(point(&after), point(first), "the incident moved");

    // A point (lon/lat) puts it back where it was.
    let (lon, lat) = point(first);
    let r = ok(atalaya(
        &db,
        &[
            "incident",
            "set",
            &id,
            &format!("lon={}", lon.unwrap()),
            &format!("lat={}", lat.unwrap()),
        ],
    ));
    assert_eq!(r.stdout.trim(), format!("{id}: updated"));
    let back = find(&list(&db)).unwrap();
    assert_eq!(point(&back), point(first));
    assert_eq!(back["cuadrante"], first["cuadrante"]);

    for (args, says) in [
        (
            vec!["status=cerrado"],
            "invalid status `cerrado`: expected reported, verified or discarded",
        ),
        (vec!["lon=-70.61"], "expected lon and lat together"),
        (
            vec!["address=Calle Inexistente 123"],
            "invalid address `Calle Inexistente 123`",
        ),
    ] {
        let mut all_args = vec!["incident", "set", id.as_str()];
        all_args.extend(args);
        let r = atalaya(&db, &all_args);
        assert_ne!(r.code, 0, "{all_args:?}");
        assert!(r.stderr.contains(says), "{all_args:?}: {}", r.stderr);
    }
    assert_eq!(find(&list(&db)).unwrap(), back, "refusals change nothing");
}
