//! Measure generation speed: `cargo run --release -p atalaya-demo --example throughput [N]`.

use std::time::Instant;

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let started = Instant::now();
    let city = atalaya_demo::city(1);
    let city_time = started.elapsed();
    let config = atalaya_demo::DemoConfig {
        incidents: n,
        ..Default::default()
    };
    let started = Instant::now();
    let mut count = 0usize;
    let mut checksum = 0u64;
    for incident in atalaya_demo::incidents(&config, &city) {
        count += 1;
        checksum = checksum
            .wrapping_mul(31)
            .wrapping_add(u64::from(incident.id.as_bytes()[15]));
    }
    let elapsed = started.elapsed();
    println!(
        "city: {:.1} ms; {count} incidents in {:.2} s ({:.0} incidents/s), checksum {checksum:016x}",
        city_time.as_secs_f64() * 1e3,
        elapsed.as_secs_f64(),
        count as f64 / elapsed.as_secs_f64()
    );
}
