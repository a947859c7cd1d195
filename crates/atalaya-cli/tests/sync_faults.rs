//! Fault injection with real processes on loopback (issue 7): a real `atalaya serve` and two
//! real SQLCipher workstations driven by the `atalaya` binary. Rounds hit sync sessions with
//! one of (a cut every sixth round, otherwise a kill of the side with fewer landed so far):
//!
//! - SIGKILL of the workstation's `atalaya sync`;
//! - SIGKILL of the server, restarted on the same port and data at once;
//! - a TCP proxy that cuts the connection after a random number of bytes.
//!
//! A kill is aimed at the session's network part (hello, registration, push, pull): the
//! session runs through the proxy, and the kill comes at a random moment after its first byte
//! crossed, within the length of a network part as measured on the sessions that finished
//! first. Only a kill that found the session still running counts. The rounds go on until
//! ATALAYA_FAULT_KILLS (default 100) kills of the workstation and as many of the server have
//! landed mid-session.
//!
//! Workstation A holds the incidents and edits one before each round (each edit a value no
//! other edit uses); B only pulls. Pushes and pages are small so that sessions span many
//! requests. After the rounds, clean sessions on both, then the count: every incident and
//! every edit of A is on B and on the server (0 lost), each exactly once, no change was applied
//! twice (a replayed stale edit of a guarded field would open a conflict: none is open), and
//! both audit trails verify. ATALAYA_FAULT_SEED replays a run.

mod support;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Child;
use std::time::{Duration, Instant};

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use support::proxy::CutProxy;
use support::serve::{ServeProcess, USER_PASSWORD, add_user, sync};
use support::{atalaya, bin, incidents, ok};

const INCIDENTS: u32 = 120;

fn env_u64(key: &str, default: u64) -> u64 {
    std::env::var(key)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// `atalaya sync` through `url`, in small requests, as a child process.
fn spawn_sync(db: &Path, url: &str, fingerprint: &str, user: Option<&str>) -> Child {
    let mut command = bin();
    command
        .arg("--db")
        .arg(db)
        .args(["sync", "--server", url, "--fingerprint", fingerprint])
        .args(["--batch", "15", "--page", "15"])
        .env("ATALAYA_PASSPHRASE", support::PASS)
        .env("ATALAYA_USER_PASSWORD", USER_PASSWORD)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    if let Some(user) = user {
        command.args(["--user", user]);
    }
    command.spawn().expect("atalaya sync starts")
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[derive(Clone, Copy, Debug)]
enum Fault {
    KillClient,
    KillServer,
    CutConnection,
}

#[derive(Default)]
struct Tally {
    rounds: u64,
    client_kills: u64,
    server_kills: u64,
    missed_kills: u64,
    cut_sessions: u64,
    sessions_completed: u64,
}

/// Wait until the session's first byte crosses the proxy; `None` if it ended first.
fn on_the_wire(child: &mut Child, proxy: &CutProxy, before: u64) -> Option<Instant> {
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        if proxy.carried() > before {
            return Some(Instant::now());
        }
        if child.try_wait().unwrap().is_some() {
            return None;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    panic!("the session never reached the server");
}

/// Wait `wait` or until the session ends; returns when it ended, if it did.
fn ends_within(child: &mut Child, wait: Duration) -> Option<Instant> {
    let deadline = Instant::now() + wait;
    loop {
        if child.try_wait().unwrap().is_some() {
            return Some(Instant::now());
        }
        if Instant::now() >= deadline {
            return None;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
}

#[test]
fn given_kills_and_cut_connections_during_sync_then_no_change_is_lost_or_duplicated() {
    let target = env_u64("ATALAYA_FAULT_KILLS", 100);
    let seed = env_u64("ATALAYA_FAULT_SEED", rand::rng().random());
    println!("fault injection: {target} kills of each side, ATALAYA_FAULT_SEED={seed}");
    let mut rng = ChaCha8Rng::seed_from_u64(seed);

    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("server");
    std::fs::create_dir_all(&data).unwrap();
    let listen = format!("127.0.0.1:{}", free_port());
    let mut server = ServeProcess::start_on(&data, &listen);
    add_user(&data, "ana");
    add_user(&data, "beto");
    let proxy = CutProxy::start(listen.rsplit(':').next().unwrap().parse().unwrap());
    let proxied = format!("https://127.0.0.1:{}", proxy.port);
    let fingerprint = server.fingerprint.clone();

    // Both register on empty stores; then A receives the unit's incidents, to push under fire.
    let (a, b) = (dir.path().join("a.db"), dir.path().join("b.db"));
    for (db, user) in [(&a, "ana"), (&b, "beto")] {
        ok(atalaya(db, &["init"]));
        let status = spawn_sync(db, &server.url, &fingerprint, Some(user))
            .wait()
            .unwrap();
        assert!(status.success(), "{user} registers");
    }
    ok(atalaya(
        &a,
        &["demo", "--seed", "7", "--incidents", &INCIDENTS.to_string()],
    ));
    let ids: Vec<String> = incidents(&a)
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect();

    // The last value A gave each edited incident's description.
    let mut edits: BTreeMap<String, String> = BTreeMap::new();
    let mut tally = Tally::default();
    // How long a session's network part lasts, learned from the sessions a kill came too
    // late for (a moving average).
    let mut network_part = Duration::from_millis(300);
    while tally.client_kills < target || tally.server_kills < target {
        let round = tally.rounds;
        assert!(round < 10 * target, "too many kills came too late");
        tally.rounds += 1;
        let id = &ids[rng.random_range(0..ids.len())];
        let value = format!("edición {round} desde A");
        ok(atalaya(
            &a,
            &["incident", "set", id, &format!("description={value}")],
        ));
        edits.insert(id.clone(), value);
        let db = if round % 2 == 1 { &b } else { &a };
        // A cut every sixth round; otherwise a kill of the side with fewer landed so far.
        let fault = if round % 6 == 5 {
            Fault::CutConnection
        } else if tally.server_kills >= target || tally.client_kills <= tally.server_kills {
            Fault::KillClient
        } else {
            Fault::KillServer
        };
        let completed = match fault {
            Fault::KillClient | Fault::KillServer => {
                let before = proxy.carried();
                let mut child = spawn_sync(db, &proxied, &fingerprint, None);
                let ended = on_the_wire(&mut child, &proxy, before).and_then(|wired| {
                    let wait = rng.random_range(0..network_part.as_micros() as u64);
                    let ended = ends_within(&mut child, Duration::from_micros(wait))?;
                    network_part = (network_part * 3 + (ended - wired)) / 4;
                    Some(ended)
                });
                let landed = ended.is_none();
                tally.missed_kills += u64::from(!landed);
                if let Fault::KillClient = fault {
                    let _ = child.kill();
                    tally.client_kills += u64::from(landed);
                    child.wait().unwrap().success() && !landed
                } else {
                    server.kill();
                    tally.server_kills += u64::from(landed);
                    server = ServeProcess::start_on(&data, &listen);
                    assert_eq!(
                        server.fingerprint, fingerprint,
                        "the restart keeps its certificate"
                    );
                    // The client's retries may reach the restarted server, or give up.
                    child.wait().unwrap().success()
                }
            }
            Fault::CutConnection => {
                proxy.cut_after(rng.random_range(300..8_000));
                let done = spawn_sync(db, &proxied, &fingerprint, None)
                    .wait()
                    .unwrap()
                    .success();
                proxy.cut_after(0);
                tally.cut_sessions += u64::from(!done);
                done
            }
        };
        tally.sessions_completed += u64::from(completed);
    }
    println!(
        "faults over {} rounds: {} workstation kills and {} server kills mid-session \
         ({} more came after the session ended; network part ~{} ms), \
         {} sessions given up under a proxy cutting connections ({} connections cut); \
         {} sessions completed anyway",
        tally.rounds,
        tally.client_kills,
        tally.server_kills,
        tally.missed_kills,
        network_part.as_millis(),
        tally.cut_sessions,
        proxy.cuts(),
        tally.sessions_completed,
    );

    // Recovery: clean sessions until nothing is pending anywhere.
    for db in [&a, &b, &a, &b] {
        sync(db, &server, None);
    }
    let last = sync(&a, &server, None);
    assert!(last.stdout.contains("pending:   0"), "{}", last.stdout);

    let (rows_a, rows_b) = (incidents(&a), incidents(&b));
    let by_id = |rows: &[serde_json::Value]| -> BTreeMap<String, serde_json::Value> {
        rows.iter()
            .map(|r| (r["id"].as_str().unwrap().to_owned(), r.clone()))
            .collect()
    };
    let (map_a, map_b) = (by_id(&rows_a), by_id(&rows_b));
    let lost_incidents = map_a.keys().filter(|id| !map_b.contains_key(*id)).count();
    let lost_edits = edits
        .iter()
        .filter(|(id, value)| map_b[*id]["description"] != value.as_str())
        .count();
    let differing = map_a
        .iter()
        .filter(|(id, row)| map_b.get(*id).is_some_and(|other| other != *row))
        .count();
    let duplicated_rows = rows_b.len() - map_b.len();
    let extra_rows = map_b.keys().filter(|id| !map_a.contains_key(*id)).count();

    let server_db =
        rusqlite::Connection::open(data.join("atalaya-server.sqlite3")).expect("server store");
    let count = |sql: &str| -> i64 { server_db.query_row(sql, [], |r| r.get(0)).unwrap() };
    let server_incidents = count("SELECT count(*) FROM record WHERE row_table = 'incident'");
    let server_conflicts = count("SELECT count(*) FROM conflict");
    let open_a = ok(atalaya(&a, &["conflicts", "--json"]));
    let open_b = ok(atalaya(&b, &["conflicts", "--json"]));
    println!(
        "after recovery: {} incidents on A, {} on B, {server_incidents} on the server; \
         {} edits checked; lost: {lost_incidents} incidents, {lost_edits} edits; \
         differing rows: {differing}; duplicated: {duplicated_rows} rows on B, {extra_rows} unknown rows, \
         {server_conflicts} conflicts on the server",
        map_a.len(),
        map_b.len(),
        edits.len(),
    );
    assert_eq!(map_a.len(), INCIDENTS as usize);
    assert_eq!(lost_incidents, 0, "incidents lost");
    assert_eq!(lost_edits, 0, "edits lost");
    assert_eq!(differing, 0, "B holds exactly A's rows");
    assert_eq!(duplicated_rows + extra_rows, 0, "rows duplicated");
    assert_eq!(
        server_incidents, INCIDENTS as i64,
        "the server holds each incident once"
    );
    assert_eq!(server_conflicts, 0, "no change was applied twice");
    assert_eq!(open_a.stdout.trim(), "[]");
    assert_eq!(open_b.stdout.trim(), "[]");
    ok(atalaya(&a, &["audit", "verify"]));
    ok(atalaya(&b, &["audit", "verify"]));
}
