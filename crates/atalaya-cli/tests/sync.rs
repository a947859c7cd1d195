//! Sync end to end with real processes: a real `atalaya serve` on loopback (SQLite, TLS with a
//! self-signed certificate whose printed fingerprint the workstations pin) and two real
//! SQLCipher stores driven by the `atalaya` binary. Both edit offline, including one
//! concurrent edit of an incident's category (a guarded field); both sync twice. Then both
//! hold the same incidents, both list exactly one open conflict, and no edit is lost.

mod support;

use std::path::Path;

use support::serve::{add_user, add_user_as, serve_in, sync};
use support::{atalaya, incidents, ok};

fn open_conflicts(db: &Path) -> Vec<serde_json::Value> {
    let out = ok(atalaya(db, &["conflicts", "--json"]));
    serde_json::from_str(&out.stdout)
        .unwrap_or_else(|e| panic!("conflicts JSON ({e}): {}", out.stdout))
}

/// Every row of a table (all columns, as text), ordered.
fn table_rows(db: &Path, table: &str) -> Vec<String> {
    let conn = support::raw(db);
    let sql = format!("SELECT * FROM {table} ORDER BY 1");
    let mut stmt = conn.prepare(&sql).unwrap();
    let width = stmt.column_count();
    stmt.query_map([], |row| {
        let cells: Vec<String> = (0..width)
            .map(|i| format!("{:?}", row.get_ref(i).unwrap()))
            .collect();
        Ok(cells.join("|"))
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

fn field(rows: &[serde_json::Value], id: &str, name: &str) -> String {
    let row = rows.iter().find(|r| r["id"] == id).expect("the incident");
    row[name].as_str().unwrap_or("").to_owned()
}

#[test]
fn two_workstations_edit_offline_sync_twice_and_converge_with_one_conflict() {
    let dir = tempfile::tempdir().unwrap();
    let (data, server) = serve_in(&dir);
    assert!(
        server.url.starts_with("https://127.0.0.1:"),
        "{}",
        server.url
    );
    add_user(&data, "ana");
    add_user(&data, "beto");

    // Workstation A holds the unit's incidents; B starts empty and receives them.
    let a = support::demo_store(&dir, "a.db", 40);
    let b = dir.path().join("b.db");
    ok(atalaya(&b, &["init"]));
    let first_a = sync(&a, &server, Some("ana"));
    assert!(first_a.stdout.contains("pushed:"), "{}", first_a.stdout);
    let first_b = sync(&b, &server, Some("beto"));
    assert_eq!(incidents(&a), incidents(&b), "B received A's incidents");
    let rows = incidents(&a);
    assert_eq!(rows.len(), 40, "{}", first_b.stdout);
    for table in ["source", "area", "street", "camera"] {
        let held = table_rows(&b, table);
        assert!(!held.is_empty(), "B received no {table}");
        assert_eq!(table_rows(&a, table), held, "B holds A's {table} rows");
    }

    // Offline: both recategorize the same incident; each also edits another one.
    let pick = |skip: usize| {
        rows.iter()
            .filter(|r| r["category"] != "ley.armas" && r["category"] != "otr.receptacion")
            .nth(skip)
            .and_then(|r| r["id"].as_str())
            .unwrap()
            .to_owned()
    };
    let (shared, only_a, only_b) = (pick(0), pick(1), pick(2));
    ok(atalaya(
        &a,
        &["incident", "set", &shared, "category=ley.armas"],
    ));
    ok(atalaya(
        &b,
        &["incident", "set", &shared, "category=otr.receptacion"],
    ));
    ok(atalaya(
        &a,
        &["incident", "set", &only_a, "description=visto por A"],
    ));
    ok(atalaya(
        &b,
        &["incident", "set", &only_b, "description=visto por B"],
    ));
    // B, in the field, records a new incident where one of A's was (a point inside the comuna).
    let place = rows.iter().find(|r| r["lon"].is_f64()).unwrap();
    let (lon, lat) = (place["lon"].to_string(), place["lat"].to_string());
    let captured = ok(atalaya(
        &b,
        &[
            "incident",
            "new",
            "--category",
            "dmcs.hurto",
            "--at",
            "2024-01-20 22:15",
            "--description",
            "Hurto de celular informado en terreno",
            "--lon",
            &lon,
            "--lat",
            &lat,
        ],
    ))
    .stdout
    .trim()
    .to_owned();

    for _ in 0..2 {
        sync(&a, &server, None);
        sync(&b, &server, None);
    }

    let (rows_a, rows_b) = (incidents(&a), incidents(&b));
    assert_eq!(rows_a, rows_b, "both hold the same incidents");
    assert_eq!(rows_a.len(), 41, "A's 40 and the one B captured");
    assert_eq!(
        field(&rows_a, &captured, "description"),
        "Hurto de celular informado en terreno"
    );
    assert_eq!(field(&rows_a, &captured, "source"), "Captura en terreno");
    assert_eq!(field(&rows_a, &only_a, "description"), "visto por A");
    assert_eq!(field(&rows_a, &only_b, "description"), "visto por B");
    let category = field(&rows_a, &shared, "category");
    assert!(
        ["ley.armas", "otr.receptacion"].contains(&category.as_str()),
        "{category}"
    );

    let (ca, cb) = (open_conflicts(&a), open_conflicts(&b));
    assert_eq!(ca.len(), 1, "{ca:?}");
    assert_eq!(cb.len(), 1, "{cb:?}");
    assert_eq!(ca[0]["id"], cb[0]["id"]);
    assert_eq!(ca[0]["record"], shared.as_str());
    assert_eq!(ca[0]["column"], "category");
    let sides = [
        ca[0]["kept"]["value"].clone(),
        ca[0]["incoming"]["value"].clone(),
    ];
    assert!(
        sides.contains(&"ley.armas".into()) && sides.contains(&"otr.receptacion".into()),
        "{sides:?}"
    );
    let listed = ok(atalaya(&a, &["conflicts"]));
    assert!(
        listed.stdout.starts_with("1 conflict open"),
        "{}",
        listed.stdout
    );
    // The server names who wrote each side: on A, the other side is beto's.
    assert!(listed.stdout.contains("(beto on "), "{}", listed.stdout);
    // And the list says which incident: its local date and time, and its address.
    let subject = &ca[0]["subject"];
    assert_eq!(subject["kind"], "incident", "{subject}");
    let when = subject["occurred_at"].as_str().unwrap()[..16].replace('T', " ");
    let place = subject["address"]
        .as_str()
        .or(subject["cuadrante"].as_str())
        .unwrap();
    assert!(
        listed.stdout.contains(&format!("{when} {place}")),
        "{when} {place} in {}",
        listed.stdout
    );
    for (conflicts, me, other) in [(&ca, "ana", "beto"), (&cb, "beto", "ana")] {
        for side in [&conflicts[0]["kept"], &conflicts[0]["incoming"]] {
            let expected = if side["mine"] == true { me } else { other };
            assert_eq!(side["user"], expected, "{side}");
            assert!(side["device_name"].is_string(), "{side}");
        }
    }

    // Nothing pending, and both stores' audit trails hold.
    let last = sync(&a, &server, None);
    assert!(last.stdout.contains("pending:   0"), "{}", last.stdout);
    ok(atalaya(&a, &["audit", "verify"]));
    ok(atalaya(&b, &["audit", "verify"]));

    // The resolution is an edit: B keeps A's value, both syncs close it everywhere.
    let id = ca[0]["id"].as_u64().unwrap().to_string();
    ok(atalaya(
        &b,
        &["conflicts", "resolve", &id, "--keep", "theirs"],
    ));
    sync(&b, &server, None);
    sync(&a, &server, None);
    assert!(open_conflicts(&a).is_empty());
    assert!(open_conflicts(&b).is_empty());
    let (rows_a, rows_b) = (incidents(&a), incidents(&b));
    assert_eq!(rows_a, rows_b);
    assert_eq!(field(&rows_a, &shared, "category"), "ley.armas");
}

#[test]
fn a_field_laptop_receives_its_cuadrante_and_the_reference_data_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let (data, server) = serve_in(&dir);
    add_user(&data, "ana");
    add_user_as(&data, "pedro", "field", "C04");
    let a = support::demo_store(&dir, "a.db", 60);
    sync(&a, &server, Some("ana"));
    let f = dir.path().join("f.db");
    ok(atalaya(&f, &["init"]));
    sync(&f, &server, Some("pedro"));

    let (all, mine) = (incidents(&a), incidents(&f));
    let want: Vec<_> = all
        .iter()
        .filter(|r| r["cuadrante"] == "C04")
        .cloned()
        .collect();
    assert!(
        !want.is_empty() && want.len() < all.len(),
        "the demo spans cuadrantes"
    );
    assert_eq!(
        mine, want,
        "the laptop holds exactly cuadrante C04's incidents"
    );
    for table in ["source", "area", "street"] {
        assert_eq!(table_rows(&f, table), table_rows(&a, table), "{table}");
    }
    assert!(
        table_rows(&f, "camera").is_empty(),
        "cameras are not field reference data"
    );

    // What was pulled is never pushed back (so never refused), and the audit trail holds.
    let again = sync(&f, &server, None);
    assert!(again.stdout.contains("pending:   0"), "{}", again.stdout);
    assert!(again.stdout.contains("refused:   0"), "{}", again.stdout);
    ok(atalaya(&f, &["audit", "verify"]));
}

#[test]
fn changes_the_server_refuses_are_kept_and_listed_with_its_reasons() {
    let dir = tempfile::tempdir().unwrap();
    let (data, server) = serve_in(&dir);
    add_user_as(&data, "pedro", "field", "C04");
    // A field laptop that loaded the whole demo city: its other cuadrantes' incidents and the
    // reference tables are not pedro's to change.
    let f = support::demo_store(&dir, "f.db", 30);
    let mine = incidents(&f)
        .iter()
        .filter(|r| r["cuadrante"] == "C04")
        .count();

    let run = sync(&f, &server, Some("pedro"));

    let refused: usize = run
        .stdout
        .lines()
        .find_map(|l| l.strip_prefix("refused:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("{}", run.stdout));
    assert!(refused > 30 - mine, "{}", run.stdout);
    assert!(
        run.stdout
            .contains("refused by the server (kept here, not applied there):"),
        "{}",
        run.stdout
    );
    let status = ok(atalaya(&f, &["sync", "--status"]));
    assert!(
        status.stdout.contains(&format!("refused:    {refused}")),
        "{}",
        status.stdout
    );
    assert!(status.stdout.contains("pending:    0"), "{}", status.stdout);
    let reasons: Vec<&str> = status
        .stdout
        .lines()
        .filter(|l| l.starts_with("  - "))
        .collect();
    assert_eq!(reasons.len(), refused, "{}", status.stdout);
    assert!(
        reasons
            .iter()
            .all(|r| r.contains("is outside what your user may change")),
        "{reasons:?}"
    );
    assert!(
        reasons.iter().any(|r| r.contains("area C05")),
        "{reasons:?}"
    );
    // The local records stay as they were: 30 incidents.
    assert_eq!(incidents(&f).len(), 30);

    // Once read, they can be dismissed: one by its number, then the rest; a number that is
    // not a refusal is refused and dismisses nothing.
    let first: String = reasons[0]
        .trim_start_matches("  - #")
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let bogus = atalaya(
        &f,
        &["sync", "--dismiss-refused", &format!("{first},999999")],
    );
    assert_eq!(bogus.code, 2, "{}", bogus.stderr);
    assert!(
        bogus.stderr.contains("invalid refused change `999999`"),
        "{}",
        bogus.stderr
    );
    let one = ok(atalaya(&f, &["sync", "--dismiss-refused", &first]));
    assert!(one.stdout.contains("dismissed: 1 "), "{}", one.stdout);
    let status = ok(atalaya(&f, &["sync", "--status"]));
    assert!(
        status
            .stdout
            .contains(&format!("refused:    {}", refused - 1)),
        "{}",
        status.stdout
    );
    assert!(!status.stdout.contains(&format!("  - #{first} ")));
    let rest = ok(atalaya(&f, &["sync", "--dismiss-refused", "all"]));
    assert!(
        rest.stdout
            .contains(&format!("dismissed: {} ", refused - 1)),
        "{}",
        rest.stdout
    );
    let status = ok(atalaya(&f, &["sync", "--status"]));
    assert!(status.stdout.contains("refused:    0"), "{}", status.stdout);
    assert_eq!(incidents(&f).len(), 30);
    // Dismissed is not sent again: the next session pushes nothing.
    let again = sync(&f, &server, None);
    assert!(again.stdout.contains("pushed:    0"), "{}", again.stdout);
    assert!(again.stdout.contains("refused:   0"), "{}", again.stdout);

    // Registered, the laptop knows pedro's cuadrantes: an edit outside them is written here
    // with a warning that the server will refuse it; one inside them is not warned about.
    let rows = incidents(&f);
    let id_in = |inside: bool| {
        rows.iter()
            .find(|r| (r["cuadrante"] == "C04") == inside)
            .map(|r| r["id"].as_str().unwrap().to_owned())
            .unwrap()
    };
    let outside = ok(atalaya(
        &f,
        &["incident", "set", &id_in(false), "description=visto"],
    ));
    assert!(
        outside
            .stderr
            .contains("outside yours (C04): the server will refuse it"),
        "{}",
        outside.stderr
    );
    let inside = ok(atalaya(
        &f,
        &["incident", "set", &id_in(true), "description=visto"],
    ));
    assert!(!inside.stderr.contains("warning"), "{}", inside.stderr);
}

#[test]
fn two_cities_built_apart_sync_without_colliding_on_names_or_codes() {
    // Two workstations that loaded demo cities of different seeds: the same source name (one
    // id, from the name) and cameras of the same codes under different ids.
    let dir = tempfile::tempdir().unwrap();
    let (data, server) = serve_in(&dir);
    add_user(&data, "ana");
    add_user(&data, "beto");
    let a = support::demo_store(&dir, "a.db", 20);
    let b = dir.path().join("b.db");
    ok(atalaya(&b, &["demo", "--seed", "8", "--incidents", "20"]));

    sync(&a, &server, Some("ana"));
    let first_b = sync(&b, &server, Some("beto"));
    let again_a = sync(&a, &server, None);

    assert!(
        first_b.stdout.contains("not taken: 60"),
        "{}",
        first_b.stdout
    );
    assert!(
        again_a.stdout.contains("not taken: 60"),
        "{}",
        again_a.stdout
    );
    let (rows_a, rows_b) = (incidents(&a), incidents(&b));
    assert_eq!(rows_a.len(), 40, "both cities' incidents");
    assert_eq!(rows_a, rows_b);
    assert_eq!(
        table_rows(&a, "source"),
        table_rows(&b, "source"),
        "one demo source"
    );
    assert_eq!(table_rows(&a, "source").len(), 1);
    let last = sync(&b, &server, None);
    assert!(last.stdout.contains("pending:   0"), "{}", last.stdout);
    ok(atalaya(&a, &["audit", "verify"]));
    ok(atalaya(&b, &["audit", "verify"]));
}

#[test]
fn an_unregistered_workstation_is_told_how_to_register_and_nothing_changes() {
    let dir = tempfile::tempdir().unwrap();
    let (_data, server) = serve_in(&dir);
    let a = support::demo_store(&dir, "a.db", 3);
    let run = atalaya(
        &a,
        &[
            "sync",
            "--server",
            &server.url,
            "--fingerprint",
            &server.fingerprint,
        ],
    );
    assert_ne!(run.code, 0);
    assert!(run.stderr.contains("--user NAME"), "{}", run.stderr);
    let status = ok(atalaya(&a, &["conflicts"]));
    assert!(
        status.stdout.starts_with("0 conflicts open"),
        "{}",
        status.stdout
    );
}

/// A certificate authority (PEM) and a certificate for 127.0.0.1 it signed, with its key.
fn authority_and_server_certificate(name: &str) -> (String, String, String) {
    let mut ca = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    ca.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    ca.key_usages = vec![
        rcgen::KeyUsagePurpose::KeyCertSign,
        rcgen::KeyUsagePurpose::CrlSign,
    ];
    ca.distinguished_name.push(rcgen::DnType::CommonName, name);
    let ca_key = rcgen::KeyPair::generate().unwrap();
    let authority = rcgen::CertifiedIssuer::self_signed(ca, ca_key).unwrap();
    let mut leaf =
        rcgen::CertificateParams::new(vec!["127.0.0.1".into(), "localhost".into()]).unwrap();
    leaf.extended_key_usages = vec![rcgen::ExtendedKeyUsagePurpose::ServerAuth];
    let key = rcgen::KeyPair::generate().unwrap();
    let cert = leaf.signed_by(&key, &*authority).unwrap();
    (authority.pem(), cert.pem(), key.serialize_pem())
}

/// `atalaya sync --server URL --user ana` and `more`, trusting the authorities of
/// `authorities` (a PEM file, as `SSL_CERT_FILE`) when given.
fn sync_as_ana(db: &Path, url: &str, more: &[&str], authorities: Option<&Path>) -> support::Run {
    let mut command = support::bin();
    command
        .arg("--db")
        .arg(db)
        .args(["sync", "--server", url, "--user", "ana"])
        .args(more)
        .env("ATALAYA_PASSPHRASE", support::PASS)
        .env("ATALAYA_USER_PASSWORD", support::serve::USER_PASSWORD);
    if let Some(file) = authorities {
        command.env("SSL_CERT_FILE", file);
    }
    command.output().unwrap().into()
}

#[test]
fn a_server_an_authority_signed_needs_no_fingerprint_and_an_untrusted_one_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let (ca, cert, key) = authority_and_server_certificate("Municipalidad de Providencia CA");
    let (other_ca, _, _) = authority_and_server_certificate("Otra autoridad");
    let file = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    };
    let (ca, other_ca) = (file("ca.pem", &ca), file("other-ca.pem", &other_ca));
    let tls = format!(
        "{},{}",
        file("cert.pem", &cert).display(),
        file("key.pem", &key).display()
    );
    let data = dir.path().join("server");
    std::fs::create_dir_all(&data).unwrap();
    let server = support::serve::ServeProcess::start_with(&data, "127.0.0.1:0", &["--tls", &tls]);
    add_user(&data, "ana");

    // An authority this workstation does not trust: refused at once, saying why and what to do.
    let a = support::demo_store(&dir, "a.db", 4);
    let refused = sync_as_ana(&a, &server.url, &[], Some(&other_ca));
    assert_eq!(refused.code, 1, "{}", refused.stderr);
    assert!(
        refused.stderr.contains("is not trusted") && refused.stderr.contains("--fingerprint"),
        "{}",
        refused.stderr
    );
    assert!(
        !refused.stderr.contains("attempts"),
        "not retried: {}",
        refused.stderr
    );
    // A pinned fingerprint that is not the server's: the same, naming both.
    let wrong = "00".repeat(32);
    let pinned = sync_as_ana(&a, &server.url, &["--fingerprint", &wrong], None);
    assert_eq!(pinned.code, 1, "{}", pinned.stderr);
    assert!(
        pinned.stderr.contains("is not trusted") && pinned.stderr.contains("not the pinned"),
        "{}",
        pinned.stderr
    );

    // The authority that signed it: no fingerprint needed, and the next session remembers.
    let run = ok(sync_as_ana(&a, &server.url, &[], Some(&ca)));
    assert!(run.stdout.contains("registered: yes"), "{}", run.stdout);
    assert!(run.stdout.contains("pending:   0"), "{}", run.stdout);
    let again = support::bin()
        .arg("--db")
        .arg(&a)
        .arg("sync")
        .env("ATALAYA_PASSPHRASE", support::PASS)
        .env("SSL_CERT_FILE", &ca)
        .output()
        .unwrap();
    assert!(
        again.status.success(),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
}
