//! `make bench` (analysis in the store): the CompStat table over 1M demo incidents (goal
//! < 100 ms), beside the same table computed by plain SQL `GROUP BY`s over the incidents in the
//! same run. Both are timed warm: one untimed call, then the median of five.
//!
//! Size: ATALAYA_BENCH_COMPSTAT_INCIDENTS (default 1000000).

use std::time::Instant;

use atalaya::{DemoConfig, FilterArgs, OpenOptions, Workspace};

fn median_ms<T>(mut f: impl FnMut() -> T) -> (f64, T) {
    let mut result = f();
    let mut times = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        result = f();
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    (times[2], result)
}

/// The first instant (Unix seconds) of local day `day`.
fn day_start(day: i32) -> i64 {
    let date = atalaya_model::time::date_of_day_number(day);
    atalaya::filter::parse_instant("bench", &date.format("%Y-%m-%d").to_string())
        .unwrap()
        .timestamp()
}

/// The baseline: per period and side, counts by category and cuadrante straight from the
/// incidents with `GROUP BY` (the time range served by the covering index on
/// `occurred_from`); returns the six totals.
fn sql_compstat(ws: &Workspace, end: i32) -> Vec<u64> {
    let conn = ws.store().conn();
    let mut stmt = conn
        .prepare_cached(
            "SELECT category, coalesce(cuadrante, ''), count(*) FROM incident
             WHERE occurred_from >= ? AND occurred_from < ? GROUP BY 1, 2",
        )
        .unwrap();
    let mut totals = Vec::new();
    for p in atalaya_analysis::compstat::periods(end) {
        for (from, to) in [p.current, p.previous] {
            let rows = stmt
                .query_map([day_start(from), day_start(to)], |r| r.get::<_, i64>(2))
                .unwrap()
                .map(|n| n.unwrap() as u64);
            totals.push(rows.sum());
        }
    }
    totals
}

fn main() {
    // `cargo test --all-targets` runs bench binaries too, without `--bench`: stay out of it.
    if !std::env::args().any(|a| a == "--bench") {
        println!("analysis store bench: run with `make bench`");
        return;
    }
    let n: usize = std::env::var("ATALAYA_BENCH_COMPSTAT_INCIDENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let dir = tempfile::tempdir().unwrap();
    let opts = OpenOptions::new(dir.path().join("bench.db")).with_passphrase(Some("bench".into()));
    let mut ws = Workspace::create(&opts).unwrap();
    let t = Instant::now();
    let config = DemoConfig {
        seed: 5,
        incidents: n,
        ..DemoConfig::default()
    };
    ws.load_demo(&config, &mut |_, _| {}).unwrap();
    println!(
        "compstat over {n} demo incidents (loaded in {:.1} s)",
        t.elapsed().as_secs_f64()
    );
    let (ours_ms, report) = median_ms(|| ws.compstat(&FilterArgs::default()).unwrap());
    // The report ends after the last incident's day: read it back from the YTD period.
    let last = chrono::NaiveDate::parse_from_str(&report.periods[2].current.1, "%Y-%m-%d").unwrap();
    let end = atalaya_analysis::calendar::days_from_civil(
        chrono::Datelike::year(&last),
        chrono::Datelike::month(&last),
        chrono::Datelike::day(&last),
    ) + 1;
    let (sql_ms, totals) = median_ms(|| sql_compstat(&ws, end));
    let ours: Vec<u64> = report
        .total
        .iter()
        .flat_map(|c| [c.current, c.previous])
        .collect();
    assert_eq!(ours, totals, "CompStat and the SQL baseline disagree");
    let verdict = if ours_ms < 100.0 { "met" } else { "MISSED" };
    println!(
        "  CompStat table (3 periods × {} categories, {} cuadrantes): {ours_ms:.1} ms (goal < 100 ms) {verdict}",
        report.by_category.len(),
        report.by_cuadrante.len()
    );
    println!(
        "  baseline, SQL GROUP BY over the incidents: {sql_ms:.1} ms; ratio {:.1}× faster",
        sql_ms / ours_ms
    );
}
