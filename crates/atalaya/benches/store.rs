//! `make bench` (store): each figure printed beside a baseline measured in the same run.
//!
//! 1. Inserts/s through the audited write path (SQLCipher + change log + row hashes + FTS +
//!    audit entry) vs plain rusqlite inserts of the same rows into an unencrypted file with the
//!    same table and indexes (goal ≥ 0.5×).
//! 2. p50/p95 of the cuadrante × category × week aggregate over 1M demo incidents for typical
//!    filters (goal p95 < 50 ms), beside a full scan of the same rows as the baseline and the
//!    same filters read row by row (what the per-day rollup saves).
//!
//! Sizes: ATALAYA_BENCH_INSERTS (default 200000), ATALAYA_BENCH_QUERY_INCIDENTS (default 1000000).

use std::time::{Duration, Instant};

use atalaya::{DemoConfig, OpenOptions, Workspace};
use atalaya_store::schema::INCIDENT;
use atalaya_store::{IncidentFilter, Value, codec};

fn env_usize(k: &str, default: usize) -> usize {
    std::env::var(k)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn demo_rows(n: usize) -> Vec<Vec<Value>> {
    let config = DemoConfig {
        seed: 11,
        incidents: n,
        ..DemoConfig::default()
    };
    let city = atalaya_demo::city(config.seed);
    atalaya_demo::incidents(&config, &city)
        .map(|i| codec::incident(&i))
        .collect()
}

fn workspace(dir: &std::path::Path) -> Workspace {
    let opts = OpenOptions::new(dir.join("bench.db")).with_passphrase(Some("bench".into()));
    Workspace::create(&opts).expect("create store")
}

fn baseline_inserts(dir: &std::path::Path, rows: &[Vec<Value>]) -> Duration {
    let conn = rusqlite::Connection::open(dir.join("plain.db")).unwrap();
    conn.execute_batch(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536;",
    )
    .unwrap();
    // The same table and indexes as the store's `incident` (schema v1), without encryption or traces.
    let ddl = include_str!("../../atalaya-store/src/migrations/0001_init.sql");
    let start = ddl.find("CREATE TABLE incident (").unwrap();
    let end = ddl[start..].find("CREATE TABLE camera (").unwrap() + start;
    conn.execute_batch(&ddl[start..end]).unwrap();
    let sql = format!(
        "INSERT INTO incident ({}) VALUES ({})",
        INCIDENT.columns.join(","),
        vec!["?"; INCIDENT.columns.len()].join(",")
    );
    let t = Instant::now();
    for chunk in rows.chunks(atalaya::demo::DEMO_BATCH) {
        let tx = conn.unchecked_transaction().unwrap();
        {
            let mut stmt = tx.prepare_cached(&sql).unwrap();
            for r in chunk {
                stmt.execute(rusqlite::params_from_iter(r.iter())).unwrap();
            }
        }
        tx.commit().unwrap();
    }
    t.elapsed()
}

fn audited_inserts(dir: &std::path::Path, rows: &[Vec<Value>]) -> Duration {
    audited_inserts_into(dir, "bench.db", &INCIDENT, rows)
}

fn audited_inserts_into(
    dir: &std::path::Path,
    name: &str,
    spec: &atalaya_store::schema::TableSpec,
    rows: &[Vec<Value>],
) -> Duration {
    let opts = OpenOptions::new(dir.join(name)).with_passphrase(Some("bench".into()));
    let mut ws = Workspace::create(&opts).expect("create store");
    let store = ws.store_mut();
    let t = Instant::now();
    for chunk in rows.chunks(atalaya::demo::DEMO_BATCH) {
        let mut tx = store.write("bench", "bench.insert").unwrap();
        for r in chunk {
            tx.insert(spec, r).unwrap();
        }
        tx.commit(serde_json::json!({ "incidents": chunk.len() }))
            .unwrap();
    }
    t.elapsed()
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn bench_inserts() {
    let n = env_usize("ATALAYA_BENCH_INSERTS", 200_000);
    let rows = demo_rows(n);
    let dir = tempfile::tempdir().unwrap();
    let base = baseline_inserts(dir.path(), &rows);
    let ours = audited_inserts(dir.path(), &rows);
    let (rb, ro) = (n as f64 / base.as_secs_f64(), n as f64 / ours.as_secs_f64());
    println!(
        "insert  {n} incidents, batches of {}",
        atalaya::demo::DEMO_BATCH
    );
    println!(
        "  baseline plain rusqlite, unencrypted, same table+indexes: {rb:>10.0} rows/s ({:.2} s)",
        base.as_secs_f64()
    );
    println!(
        "  atalaya audited write path (SQLCipher+changes+audit):     {ro:>10.0} rows/s ({:.2} s)",
        ours.as_secs_f64()
    );
    println!("  ratio atalaya/baseline = {:.2}x (goal >= 0.5x)", ro / rb);
    let catch_up = {
        let opts =
            OpenOptions::new(dir.path().join("bench.db")).with_passphrase(Some("bench".into()));
        let ws = Workspace::open(&opts).unwrap();
        let t = Instant::now();
        let indexed = ws.store().ensure_search_index().unwrap();
        assert_eq!(indexed as usize, n);
        t.elapsed()
    };
    let with_index = ours + catch_up;
    println!(
        "  search index catch-up (one pass, before the first text query): {:>10.0} rows/s ({:.2} s)",
        n as f64 / catch_up.as_secs_f64(),
        catch_up.as_secs_f64()
    );
    println!(
        "  writes + search index together: {:.2}x baseline (baseline builds no search index)",
        (n as f64 / with_index.as_secs_f64()) / rb
    );
}

fn bench_query() {
    let n = env_usize("ATALAYA_BENCH_QUERY_INCIDENTS", 1_000_000);
    let dir = tempfile::tempdir().unwrap();
    let mut ws = workspace(dir.path());
    let t = Instant::now();
    let config = DemoConfig {
        seed: 5,
        incidents: n,
        ..DemoConfig::default()
    };
    ws.load_demo(&config, &mut |_, _| {}).unwrap();
    println!(
        "query   cuadrante x category x week over {n} demo incidents (loaded in {:.1} s)",
        t.elapsed().as_secs_f64()
    );
    let start = config.start;
    let day = |d: i64| {
        atalaya::filter::parse_instant(
            "bench",
            &(start + chrono::Duration::days(d))
                .format("%Y-%m-%d")
                .to_string(),
        )
        .unwrap()
    };
    // Typical analyst filters: a CompStat window of 4 or 12 weeks, sometimes one group or area.
    let groups = ["", "dmcs", "inc", "vif", ""];
    let mut filters = Vec::new();
    for i in 0..40i64 {
        let from = (i * 97) % (i64::from(config.days) - 90);
        let weeks = if i % 2 == 0 { 4 } else { 12 };
        let g = groups[(i % 5) as usize];
        filters.push(IncidentFilter {
            from: Some(day(from)),
            to: Some(day(from + weeks * 7)),
            categories: if g.is_empty() {
                vec![]
            } else {
                vec![g.to_string()]
            },
            areas: if i % 7 == 3 {
                vec![format!("C{:02}", 1 + i % 20)]
            } else {
                vec![]
            },
            ..Default::default()
        });
    }
    let store = ws.store();
    for f in filters.iter().take(3) {
        store.cube_cuadrante_category_week(f).unwrap(); // warm the cache
    }
    let time_all = |filters: &[IncidentFilter]| {
        let mut times = Vec::new();
        let mut cells = 0;
        for f in filters {
            let t = Instant::now();
            cells += store.cube_cuadrante_category_week(f).unwrap().len();
            times.push(t.elapsed());
        }
        times.sort();
        (times, cells)
    };
    let (times, cells) = time_all(&filters);
    // The same filters with a bounding box around the whole world: same cells, but the rollup
    // cannot answer a box, so every matching incident is read (the path before the rollup).
    let boxed: Vec<IncidentFilter> = filters
        .iter()
        .map(|f| IncidentFilter {
            bbox: Some([-180.0, -90.0, 180.0, 90.0]),
            ..f.clone()
        })
        .collect();
    let (scan_times, scan_cells) = time_all(&boxed);
    assert_eq!(cells, scan_cells, "rollup and scan cubes differ");
    let t = Instant::now();
    let all = store
        .cube_cuadrante_category_week(&IncidentFilter::default())
        .unwrap();
    let whole = t.elapsed();
    let t = Instant::now();
    let scanned: i64 = store
        .conn()
        .query_row("SELECT count(description) FROM incident", [], |r| r.get(0))
        .unwrap();
    let scan = t.elapsed();
    println!(
        "  baseline full table scan of {scanned} rows: {:.1} ms",
        ms(scan)
    );
    println!(
        "  filtered cube (4/12-week windows, {} queries, {cells} cells): p50 {:.1} ms, p95 {:.1} ms (goal p95 < 50 ms)",
        times.len(),
        ms(percentile(&times, 0.5)),
        ms(percentile(&times, 0.95))
    );
    println!(
        "  same filters read row by row (a bbox defeats the rollup): p50 {:.1} ms, p95 {:.1} ms",
        ms(percentile(&scan_times, 0.5)),
        ms(percentile(&scan_times, 0.95))
    );
    let t = Instant::now();
    let counted = ws.stats().unwrap().incidents;
    println!(
        "  whole-store stats ({counted} incidents): {:.1} ms",
        ms(t.elapsed())
    );
    println!(
        "  whole-history cube ({} cells): {:.1} ms ({:.2}x the full scan)",
        all.len(),
        ms(whole),
        ms(whole) / ms(scan)
    );
}

fn main() {
    // `cargo bench` passes --bench; a plain `cargo test --benches` run passes nothing and should stay quick.
    if !std::env::args().any(|a| a == "--bench") {
        println!("store bench: run with `make bench`");
        return;
    }
    bench_inserts();
    bench_query();
}
