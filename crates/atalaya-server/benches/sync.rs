//! `make bench` (sync): each figure printed beside a baseline measured in the same run.
//!
//! 1. **Push then pull.** One device makes ATALAYA_BENCH_SYNC_CHANGES field changes (default
//!    100 000: 20 000 incidents × 5 fields), pushes them in batches, and a second device pulls
//!    them page by page, both through the protocol's client state (`Replica`) over HTTP on
//!    loopback against a real server (SQLite backend). Goal: total < 5 s. Baseline: the same
//!    request bodies sent to, and the same reply bodies fetched from, a bare axum server that
//!    does nothing with them, over the same HTTP client (goal: baseline / sync ≥ 0.5×).
//! 2. **Sustained pushes.** ATALAYA_BENCH_SYNC_CLIENTS devices (default 50), each on its own
//!    thread and connection, push small batches (2 incidents × 5 fields) for
//!    ATALAYA_BENCH_SYNC_SECONDS (default 5) against each backend: SQLite, and a real
//!    PostgreSQL the harness starts (skipped with a note when PostgreSQL is not installed).
//!    Baseline: the same clients posting the same bodies to the bare server.
//!
//! The servers run plain HTTP here, as does the baseline: TLS costs both sides alike and is
//! measured by nothing in this file.

#[path = "../tests/common/mod.rs"]
mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use atalaya_model::Role;
use atalaya_server::Jurisdiction;
use atalaya_server::http::SYNC_CONTENT_TYPE;
use atalaya_sync::client_state::Replica;
use atalaya_sync::merge::FieldPolicy;
use atalaya_sync::wire::{Limits, PullPage, PushAck, decode, encode};
use axum::body::Bytes;
use axum::extract::{Path, State};
use common::{Backend, Device, TestServer, incident, text};

const FIELDS_PER_INCIDENT: usize = 5;
const PUSH_BATCH: usize = 1000;
const PULL_PAGE: u32 = 1000;

fn env_usize(k: &str, default: usize) -> usize {
    std::env::var(k)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    // `cargo bench` passes --bench; `cargo test --all-targets` passes nothing and should stay quick.
    if !std::env::args().any(|a| a == "--bench") {
        println!("sync bench: run with `make bench`");
        return;
    }
    let changes = env_usize("ATALAYA_BENCH_SYNC_CHANGES", 100_000);
    let clients = env_usize("ATALAYA_BENCH_SYNC_CLIENTS", 50);
    let seconds = env_usize("ATALAYA_BENCH_SYNC_SECONDS", 5) as u64;
    // reqwest has rustls without a provider of its own; Err means it is installed already.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let bare = BareServer::start();

    let trip = push_then_pull(&common::Sqlite, changes);
    let raw = bare.replay(&trip);
    println!(
        "sync push+pull of {} changes ({} incidents): {:.2} s (push {:.2} s, pull {:.2} s); \
         {} KB up in {} requests, {} KB down in {} requests [goal < 5 s]",
        trip.changes,
        trip.changes / FIELDS_PER_INCIDENT,
        trip.total().as_secs_f64(),
        trip.push.as_secs_f64(),
        trip.pull.as_secs_f64(),
        trip.up_bytes() / 1024,
        trip.pushes.len(),
        trip.down_bytes() / 1024,
        trip.pages.len(),
    );
    println!(
        "  baseline: the same bytes through a bare HTTP server: {:.1} ms → ratio {:.3}× [goal ≥ 0.5×]",
        raw.as_secs_f64() * 1e3,
        raw.as_secs_f64() / trip.total().as_secs_f64(),
    );

    let duration = Duration::from_secs(seconds);
    let baseline = bare.sustained(clients, duration);
    println!(
        "bare HTTP server, {clients} clients posting the same push bodies: {:.0} requests/s (baseline)",
        baseline.per_second()
    );
    let sqlite = sustained_pushes(&common::Sqlite, clients, duration);
    sqlite.print("SQLite", &baseline);
    if postgres_installed() {
        let pg = common::pg_cluster::Postgres::start();
        sustained_pushes(&pg, clients, duration).print("PostgreSQL", &baseline);
    } else {
        println!("PostgreSQL: skipped, not installed (`make deps` installs it)");
    }
}

/// What the push-then-pull run sent and received, and how long each half took.
struct Trip {
    changes: usize,
    push: Duration,
    pull: Duration,
    pushes: Vec<Vec<u8>>,
    pages: Vec<(Vec<u8>, Vec<u8>)>,
}

impl Trip {
    fn total(&self) -> Duration {
        self.push + self.pull
    }

    fn up_bytes(&self) -> usize {
        self.pushes.iter().map(Vec::len).sum::<usize>()
            + self.pages.iter().map(|(q, _)| q.len()).sum::<usize>()
    }

    fn down_bytes(&self) -> usize {
        self.pages.iter().map(|(_, p)| p.len()).sum()
    }
}

fn replica(device: &Device) -> Replica {
    Replica::new(device.id, FieldPolicy::atalaya())
}

/// `n` field changes on incidents numbered from `first`, in cuadrantes C1–C20.
fn edit_incidents(replica: &mut Replica, first: u64, n: usize, now_ms: u64) {
    for i in 0..(n / FIELDS_PER_INCIDENT) as u64 {
        let id = first + i;
        let values = [
            ("cuadrante", text(&format!("C{}", id % 20 + 1))),
            (
                "category",
                text(["robo", "hurto", "lesiones", "daños"][id as usize % 4]),
            ),
            (
                "description",
                text(&format!(
                    "sustracción de celular en la vía pública, caso {id}"
                )),
            ),
            (
                "address",
                text(&format!("Avenida Providencia {}", 1000 + id % 2000)),
            ),
            ("occurred_at", text("2026-11-20T21:15:00-03:00")),
        ];
        replica.edit(&incident(id), &values, now_ms);
    }
}

fn push_then_pull(backend: &dyn Backend, changes: usize) -> Trip {
    let server = TestServer::start(backend);
    server.user("ana", Role::Analyst, Jurisdiction::All);
    server.user("beto", Role::Analyst, Jurisdiction::All);
    let (a, b) = (server.device("ana"), server.device("beto"));
    let (mut ra, mut rb) = (replica(&a), replica(&b));
    edit_incidents(&mut ra, 1, changes, 1_000);
    let limits = Limits::default();
    let mut trip = Trip {
        changes,
        push: Duration::ZERO,
        pull: Duration::ZERO,
        pushes: Vec::new(),
        pages: Vec::new(),
    };

    let t = Instant::now();
    while let Some(batch) = ra.next_push(PUSH_BATCH) {
        let frame = encode(&batch, &limits).expect("encodes");
        let reply = server.post_bytes("/v1/push", &a, frame.clone());
        let ack: PushAck = reply.frame();
        assert!(
            ack.refused.is_empty(),
            "the server refused changes: {:?}",
            ack.refused.first()
        );
        ra.apply_ack(&ack);
        trip.pushes.push(frame);
    }
    trip.push = t.elapsed();

    let t = Instant::now();
    loop {
        let request = encode(&rb.pull_request(PULL_PAGE), &limits).expect("encodes");
        let reply = server.post_bytes("/v1/pull", &b, request.clone());
        let page: PullPage = reply.frame();
        assert!(rb.apply_page(&page, 2_000), "the page answers the cursor");
        trip.pages.push((request, reply.body));
        if !page.more {
            break;
        }
    }
    trip.pull = t.elapsed();

    assert!(ra.outbox().is_empty(), "every change acknowledged");
    // A's own changes settled with the acks; what B pulled is all of them.
    let received = rb.snapshot();
    assert_eq!(received.len(), changes / FIELDS_PER_INCIDENT);
    assert!(
        received
            .values()
            .all(|row| row.fields.len() == FIELDS_PER_INCIDENT),
        "every field arrived"
    );
    trip
}

/// Requests answered in a fixed time.
struct Rate {
    requests: u64,
    changes: u64,
    elapsed: Duration,
}

impl Rate {
    fn per_second(&self) -> f64 {
        self.requests as f64 / self.elapsed.as_secs_f64()
    }

    fn print(&self, backend: &str, baseline: &Rate) {
        println!(
            "{backend}: {:.0} pushes/s ({:.0} changes/s) sustained by {} s of pushing \
             → ratio {:.2}× the bare server",
            self.per_second(),
            self.changes as f64 / self.elapsed.as_secs_f64(),
            self.elapsed.as_secs(),
            self.per_second() / baseline.per_second(),
        );
    }
}

/// Run `work` on `clients` threads until `duration` has passed; each call returns the changes
/// it carried.
fn hammer<F>(clients: usize, duration: Duration, work: F) -> Rate
where
    F: Fn(usize, u64) -> u64 + Send + Sync + 'static,
{
    let work = Arc::new(work);
    let stop = Arc::new(AtomicBool::new(false));
    let (requests, changes) = (Arc::new(AtomicU64::new(0)), Arc::new(AtomicU64::new(0)));
    let start = Instant::now();
    let threads: Vec<_> = (0..clients)
        .map(|client| {
            let (work, stop) = (Arc::clone(&work), Arc::clone(&stop));
            let (requests, changes) = (Arc::clone(&requests), Arc::clone(&changes));
            std::thread::spawn(move || {
                let mut round = 0;
                while !stop.load(Ordering::Relaxed) {
                    changes.fetch_add(work(client, round), Ordering::Relaxed);
                    requests.fetch_add(1, Ordering::Relaxed);
                    round += 1;
                }
            })
        })
        .collect();
    std::thread::sleep(duration);
    stop.store(true, Ordering::Relaxed);
    for t in threads {
        t.join().expect("a client thread");
    }
    Rate {
        requests: requests.load(Ordering::Relaxed),
        changes: changes.load(Ordering::Relaxed),
        elapsed: start.elapsed(),
    }
}

/// Each client pushes 2 new incidents (10 changes) per request.
fn sustained_pushes(backend: &dyn Backend, clients: usize, duration: Duration) -> Rate {
    let server = Arc::new(TestServer::start(backend));
    let devices: Vec<Device> = (0..clients)
        .map(|i| {
            let name = format!("campo{i}");
            server.user(&name, Role::Analyst, Jurisdiction::All);
            server.device(&name)
        })
        .collect();
    let replicas: Vec<std::sync::Mutex<Replica>> = devices
        .iter()
        .map(|d| std::sync::Mutex::new(replica(d)))
        .collect();
    let state = Arc::new((devices, replicas));
    let url = server.url.clone();
    let clients_http: Vec<reqwest::blocking::Client> = (0..clients)
        .map(|_| reqwest::blocking::Client::new())
        .collect();
    let http = Arc::new(clients_http);
    let rate = hammer(clients, duration, move |client, round| {
        let (devices, replicas) = &*state;
        let mut replica = replicas[client].lock().expect("one thread per client");
        let first = (client as u64) << 32 | (round * 2);
        edit_incidents(&mut replica, first, 2 * FIELDS_PER_INCIDENT, 1_000 + round);
        let batch = replica.next_push(PUSH_BATCH).expect("a batch");
        let frame = encode(&batch, &Limits::default()).expect("encodes");
        let body = http[client]
            .post(format!("{url}/v1/push"))
            .bearer_auth(&devices[client].token)
            .header("content-type", SYNC_CONTENT_TYPE)
            .body(frame)
            .send()
            .and_then(|r| r.error_for_status())
            .and_then(|r| r.bytes())
            .expect("the server acknowledges");
        let ack: PushAck = decode(&body, &Limits::default()).expect("an ack");
        replica.apply_ack(&ack);
        batch.changes.len() as u64
    });
    let census = server.census();
    assert_eq!(
        census.records,
        rate.changes / FIELDS_PER_INCIDENT as u64,
        "every acknowledged incident is stored"
    );
    rate
}

fn postgres_installed() -> bool {
    std::fs::read_dir("/usr/lib/postgresql").is_ok_and(|mut d| d.next().is_some())
}

/// An axum server that takes any body and answers pre-recorded bytes: the cost of moving the
/// same bytes over the same HTTP stack, with no work done on them.
struct BareServer {
    url: String,
    replies: Arc<std::sync::RwLock<Vec<Bytes>>>,
    // Serves until dropped with the bench.
    _runtime: tokio::runtime::Runtime,
}

impl BareServer {
    fn start() -> Self {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        let replies = Arc::new(std::sync::RwLock::new(Vec::<Bytes>::new()));
        let app = axum::Router::new()
            .route(
                "/sink",
                axum::routing::post(|body: Bytes| async move { body.len().to_string() }),
            )
            .route(
                "/reply/{n}",
                axum::routing::post(
                    |State(replies): State<Arc<std::sync::RwLock<Vec<Bytes>>>>,
                     Path(n): Path<usize>,
                     _body: Bytes| async move {
                        replies.read().expect("replies")[n].clone()
                    },
                ),
            )
            .with_state(Arc::clone(&replies));
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .expect("bind");
        let url = format!("http://{}", listener.local_addr().expect("an address"));
        runtime.spawn(async move { axum::serve(listener, app).await });
        Self {
            url,
            replies,
            _runtime: runtime,
        }
    }

    /// Send the trip's request bodies and fetch its reply bodies, as the sync run did.
    fn replay(&self, trip: &Trip) -> Duration {
        *self.replies.write().expect("replies") = trip
            .pages
            .iter()
            .map(|(_, p)| Bytes::from(p.clone()))
            .collect();
        let http = reqwest::blocking::Client::new();
        let t = Instant::now();
        for frame in &trip.pushes {
            let reply = http
                .post(format!("{}/sink", self.url))
                .header("content-type", SYNC_CONTENT_TYPE)
                .body(frame.clone())
                .send()
                .and_then(|r| r.bytes())
                .expect("the bare server answers");
            assert_eq!(reply, frame.len().to_string().as_bytes());
        }
        for (n, (request, page)) in trip.pages.iter().enumerate() {
            let reply = http
                .post(format!("{}/reply/{n}", self.url))
                .header("content-type", SYNC_CONTENT_TYPE)
                .body(request.clone())
                .send()
                .and_then(|r| r.bytes())
                .expect("the bare server answers");
            assert_eq!(reply.len(), page.len());
        }
        t.elapsed()
    }

    /// `clients` threads posting a push-sized body to the sink for `duration`.
    fn sustained(&self, clients: usize, duration: Duration) -> Rate {
        let mut replica = Replica::new(atalaya_model::DeviceId::new(), FieldPolicy::atalaya());
        edit_incidents(&mut replica, 1, 2 * FIELDS_PER_INCIDENT, 1_000);
        let batch = replica.next_push(PUSH_BATCH).expect("a batch");
        let frame = Bytes::from(encode(&batch, &Limits::default()).expect("encodes"));
        let url = format!("{}/sink", self.url);
        let http: Arc<Vec<reqwest::blocking::Client>> = Arc::new(
            (0..clients)
                .map(|_| reqwest::blocking::Client::new())
                .collect(),
        );
        let changes = batch.changes.len() as u64;
        hammer(clients, duration, move |client, _| {
            http[client]
                .post(&url)
                .header("content-type", SYNC_CONTENT_TYPE)
                .body(frame.clone())
                .send()
                .and_then(|r| r.bytes())
                .expect("the bare server answers");
            changes
        })
    }
}
