//! Timings of the in-memory view on a big store (ignored by default; needs a store):
//!
//! ```sh
//! atalaya --db /tmp/atalaya-1m.db demo --seed 1 --incidents 1000000   # ATALAYA_PASSPHRASE set
//! ATALAYA_VIEW_BENCH_DB=/tmp/atalaya-1m.db ATALAYA_PASSPHRASE=… \
//!   cargo test -p atalaya --test view_perf -- --ignored --nocapture
//! ```
//!
//! Prints the index build time (full scan, then from the saved snapshot) and, per filter change, the time to answer counts + map layer +
//! first table page (what the UI waits for), with the p50/p95 over a set of filter changes.

use std::time::Instant;

use atalaya::{FilterArgs, MapRequest, OpenOptions, PageRequest, ViewQuery, Workspace};

fn filter(
    categories: &[&str],
    from: Option<&str>,
    areas: &[&str],
    text: Option<&str>,
) -> FilterArgs {
    FilterArgs {
        categories: categories.iter().map(|s| s.to_string()).collect(),
        from: from.map(str::to_owned),
        areas: areas.iter().map(|s| s.to_string()).collect(),
        text: text.map(str::to_owned),
        ..FilterArgs::default()
    }
}

#[test]
#[ignore = "needs ATALAYA_VIEW_BENCH_DB: a big store"]
fn filter_change_to_counts_map_and_page() {
    let Ok(path) = std::env::var("ATALAYA_VIEW_BENCH_DB") else {
        return;
    };
    let passphrase = std::env::var("ATALAYA_PASSPHRASE").ok();
    let ws = Workspace::open(&OpenOptions::new(path).with_passphrase(passphrase)).unwrap();
    let t = Instant::now();
    let scanned = ws.scanned_incident_view().unwrap();
    println!(
        "index: {} incidents, {} MB, scanned (and snapshot saved) in {} ms",
        scanned.len(),
        scanned.heap_bytes() / 1_000_000,
        t.elapsed().as_millis()
    );
    drop(scanned);
    let t = Instant::now();
    let view = ws.incident_view().unwrap();
    println!(
        "index: read from the snapshot in {} ms",
        t.elapsed().as_millis()
    );
    let filters = [
        filter(&[], None, &[], None),
        filter(&["dmcs"], None, &[], None),
        filter(&["dmcs", "inc"], None, &[], None),
        filter(&["dmcs.hurto"], Some("2024-01-01"), &[], None),
        filter(&[], Some("2025-06-01"), &[], None),
        filter(&[], None, &["C07"], None),
        filter(&["vif"], None, &["C03", "C04"], None),
        filter(&[], None, &[], Some("celular")),
        filter(&["dmcs"], None, &[], Some("celular")),
        filter(&["inc.amenazas"], Some("2023-06-01"), &["C10"], None),
    ];
    let mut times = Vec::new();
    for round in 0..3 {
        for f in &filters {
            let t = Instant::now();
            let summary = view.summary(&ws, f).unwrap();
            let map = view
                .map_layer(
                    &ws,
                    &MapRequest {
                        filter: f.clone(),
                        bbox: [-70.64, -33.45, -70.58, -33.41],
                        zoom: 13.5,
                    },
                )
                .unwrap();
            let page = view
                .page(
                    &ws,
                    &PageRequest {
                        query: ViewQuery {
                            filter: f.clone(),
                            selection: None,
                        },
                        limit: 100,
                        ..PageRequest::default()
                    },
                )
                .unwrap();
            let ms = t.elapsed().as_secs_f64() * 1000.0;
            if round == 0 {
                println!(
                    "{:>8.1} ms  total {:>7}  clusters {:>4}  points {:>4}  page {:>3}  {f:?}",
                    ms,
                    summary.total,
                    map.clusters.len(),
                    map.points.len(),
                    page.rows.len()
                );
            }
            times.push(ms);
        }
    }
    times.sort_by(f64::total_cmp);
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    println!(
        "filter change → counts + map + page: p50 {:.1} ms, p95 {:.1} ms",
        at(0.5),
        at(0.95)
    );
}
