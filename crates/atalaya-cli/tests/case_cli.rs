//! `atalaya case …` as a user runs it: a case goes through review, out-of-turn steps and bad
//! input are refused with a message that says what to do, and exit codes tell scripts apart.

mod support;

use support::*;

/// `atalaya --db DB ARGS…` acting as `user`.
fn as_user(db: &std::path::Path, user: &str, args: &[&str]) -> Run {
    bin()
        .arg("--db")
        .arg(db)
        .args(args)
        .env("ATALAYA_PASSPHRASE", PASS)
        .env("USER", user)
        .output()
        .unwrap()
        .into()
}

#[test]
fn given_a_demo_store_when_a_case_goes_through_review_then_show_tells_its_story() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_store(&dir, "d.db", 50);
    let ids: Vec<String> = incidents(&db)
        .iter()
        .take(2)
        .map(|i| i["id"].as_str().unwrap().to_owned())
        .collect();

    let id = ok(as_user(
        &db,
        "ana",
        &["case", "new", "Robos nocturnos", "--supervisor", "sara"],
    ))
    .stdout
    .trim()
    .to_owned();
    let added = ok(as_user(
        &db,
        "ana",
        &[
            "case",
            "add",
            &id,
            "--incident",
            &ids[0],
            "--incident",
            &ids[1],
            "--note",
            "Mismo modus operandi",
        ],
    ));
    assert!(
        added.stdout.contains("open (3 items, 0 reviews)"),
        "{}",
        added.stdout
    );
    ok(as_user(&db, "ana", &["case", "submit", &id]));
    // A status is taken as the help spells it and as the JSON output writes it.
    for status in ["in-review", "in_review"] {
        let listed = ok(atalaya(&db, &["case", "list", "--status", status]));
        assert!(listed.stdout.contains(&id), "{status}: {}", listed.stdout);
    }
    let no_comment = as_user(
        &db,
        "sara",
        &["case", "review", &id, "--decision", "request-changes"],
    );
    assert_eq!(no_comment.code, 2, "{}", no_comment.stderr);
    assert!(
        no_comment.stderr.contains("review comment"),
        "{}",
        no_comment.stderr
    );
    ok(as_user(
        &db,
        "sara",
        &["case", "review", &id, "--decision", "approve"],
    ));
    let twice = as_user(
        &db,
        "sara",
        &[
            "case",
            "review",
            &id,
            "--decision",
            "reject",
            "--comment",
            "x",
        ],
    );
    assert_eq!(twice.code, 1);
    assert!(
        twice
            .stderr
            .contains("is approved, so `review` does not apply"),
        "{}",
        twice.stderr
    );

    let shown = ok(as_user(
        &db,
        "ana",
        &["case", "show", &id, "--format", "json"],
    ));
    let v: serde_json::Value = serde_json::from_str(&shown.stdout).unwrap();
    assert_eq!(v["case"]["status"], "approved");
    assert_eq!(v["case"]["owner"], "ana");
    let kinds: Vec<(&str, &str)> = v["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["kind"].as_str().unwrap(), e["author"].as_str().unwrap()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("incident", "ana"),
            ("incident", "ana"),
            ("note", "ana"),
            ("status", "ana"),
            ("review", "sara")
        ]
    );
    let listed = ok(as_user(
        &db,
        "ana",
        &["case", "list", "--status", "approved"],
    ));
    assert!(
        listed.stdout.contains("Robos nocturnos"),
        "{}",
        listed.stdout
    );
    let table = ok(as_user(&db, "ana", &["case", "show", &id]));
    assert!(
        table.stdout.contains("Mismo modus operandi"),
        "{}",
        table.stdout
    );
    ok(atalaya(&db, &["audit", "verify"]));
}

#[test]
fn given_bad_case_input_when_run_then_each_is_refused_with_what_was_expected() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_store(&dir, "d.db", 10);
    let id = ok(atalaya(&db, &["case", "new", "Caso"]))
        .stdout
        .trim()
        .to_owned();
    let check = |args: &[&str], code: i32, says: &str| {
        let r = atalaya(&db, args);
        assert_eq!(r.code, code, "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains(says), "{args:?}: {}", r.stderr);
    };
    check(
        &["case", "show", "not-a-uuid"],
        2,
        "invalid case id `not-a-uuid`",
    );
    check(&["case", "add", &id], 2, "give --incident ID");
    check(&["case", "add", &id, "--note", "  "], 2, "invalid note");
    check(
        &["case", "new", "T", "--cuadrante", "C-99"],
        2,
        "invalid cuadrante `C-99`",
    );
    let unknown = "0190a0a0-0000-7000-8000-000000000000";
    check(
        &["case", "add", &id, "--incident", unknown],
        1,
        "no incident record",
    );
    check(
        &["case", "reopen", &id],
        1,
        "is open, so `reopen` does not apply",
    );
    let listed = ok(atalaya(&db, &["case", "list", "--format", "json"]));
    let v: serde_json::Value = serde_json::from_str(&listed.stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 1, "nothing else was opened");
    assert_eq!(v[0]["items"], 0, "nothing was placed");
}
