//! Loading the deterministic demo city into a store through the audited write path: one
//! transaction for the reference data, then one per batch of incidents (each batch is wholly
//! there or absent after a crash).

use atalaya_demo::DemoConfig;
pub use atalaya_demo::sources::SourcesSummary;
use atalaya_model::{BatchId, ImportBatch, Source, SourceKind};
use atalaya_store::codec;
use atalaya_store::rowhash::row_hash_of;
use atalaya_store::schema::{AREA, CAMERA, IMPORT_BATCH, INCIDENT, SOURCE, STREET};
use serde::Serialize;

use crate::{Error, Result, Workspace};

/// Progress callback: `(done, total)`.
pub type Progress<'a> = &'a mut dyn FnMut(u64, u64);

/// The name of the demo source.
pub const DEMO_SOURCE: &str = "Demo · Providencia sintética";

/// What a demo load wrote.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct DemoSummary {
    /// The seed.
    pub seed: u64,
    /// Incidents written.
    pub incidents: u64,
    /// Incident batches (transactions).
    pub batches: u64,
    /// Areas written.
    pub areas: u64,
    /// Streets written.
    pub streets: u64,
    /// Cameras written.
    pub cameras: u64,
}

/// Write the raw files each demo source would export (patrol CSV, citizen reports, camera
/// log, GPS tracks, the Fiscalía's register) for `config` into `dir`, with `.truth.csv` naming the event behind every record. No
/// store is touched: `atalaya import DIR` brings them in.
pub fn write_demo_sources(config: &DemoConfig, dir: &std::path::Path) -> Result<SourcesSummary> {
    let city = atalaya_demo::city(config.seed);
    atalaya_demo::sources::write_sources(config, &city, dir).map_err(|source| Error::Io {
        action: "writing demo sources into",
        path: dir.to_path_buf(),
        source,
    })
}

/// Incidents per write transaction.
pub const DEMO_BATCH: usize = 50_000;

fn seeded<const N: usize>(seed: u64, salt: u8) -> [u8; N] {
    let h = blake3::hash(&[&seed.to_le_bytes()[..], &[salt]].concat());
    let mut out = [0u8; N];
    out.copy_from_slice(&h.as_bytes()[..N]);
    out
}

impl Workspace {
    /// Generate the demo city for `config` and write it; `progress` hears about incidents.
    pub fn load_demo(
        &mut self,
        config: &DemoConfig,
        progress: Progress<'_>,
    ) -> Result<DemoSummary> {
        let existing = self.store.table_count("incident")?;
        if self.store.sources()?.iter().any(|(n, _)| n == DEMO_SOURCE) {
            return Err(Error::DemoAlreadyLoaded {
                incidents: existing,
            });
        }
        let city = atalaya_demo::city(config.seed);
        // Ids derive from the seed so two stores built with the same seed hold the same records.
        let epoch_ms = 1_672_531_200_000; // 2023-01-01T00:00:00Z
        let source = Source {
            // From the name, as any source: stores built with other seeds share it.
            id: crate::import::source_id_for(DEMO_SOURCE),
            kind: SourceKind::Demo,
            name: DEMO_SOURCE.into(),
            profile: None,
        };
        let mut summary = DemoSummary {
            seed: config.seed,
            incidents: 0,
            batches: 0,
            areas: 0,
            streets: 0,
            cameras: 0,
        };

        let mut tx = self.store.write(&self.actor, "demo.city")?;
        tx.insert(&SOURCE, &codec::source(&source))?;
        for area in std::iter::once(&city.comuna)
            .chain(&city.cuadrantes)
            .chain(&city.barrios)
        {
            tx.insert(&AREA, &codec::area(area))?;
            summary.areas += 1;
        }
        for (i, street) in city.streets.iter().enumerate() {
            tx.insert(&STREET, &codec::street(&format!("S{:04}", i + 1), street))?;
            summary.streets += 1;
        }
        for camera in &city.cameras {
            tx.insert(&CAMERA, &codec::camera(camera))?;
            summary.cameras += 1;
        }
        tx.commit(serde_json::json!({
            "seed": config.seed, "areas": summary.areas, "streets": summary.streets, "cameras": summary.cameras
        }))?;

        let total = config.incidents as u64;
        progress(0, total);
        let mut stream = atalaya_demo::incidents(config, &city).peekable();
        while stream.peek().is_some() {
            let n = summary.batches + 1;
            let batch_id =
                BatchId::from_parts(epoch_ms + n, seeded(config.seed, (n % 251) as u8 + 1));
            let mut tx = self.store.write(&self.actor, "demo.incidents")?;
            let mut content = blake3::Hasher::new();
            let mut count = 0u64;
            // Time order within a batch keeps index inserts local; content is unaffected.
            let mut chunk: Vec<_> = stream.by_ref().take(DEMO_BATCH).collect();
            chunk.sort_by_key(|i| (i.occurred_from, i.id));
            for mut incident in chunk {
                incident.source_id = Some(source.id);
                incident.batch_id = Some(batch_id);
                let values = codec::incident(&incident);
                content.update(&row_hash_of(&values));
                tx.insert(&INCIDENT, &values)?;
                count += 1;
            }
            let content_hash = content.finalize().to_hex().to_string();
            let batch = ImportBatch {
                id: batch_id,
                source_id: source.id,
                origin: format!("demo seed {} batch {n}", config.seed),
                content_hash: content_hash.clone(),
                rows_read: count,
                rows_accepted: count,
                rows_quarantined: 0,
                rows_duplicate: 0,
                imported_by: None,
                imported_at: chrono::Utc::now(),
            };
            tx.insert(&IMPORT_BATCH, &codec::import_batch(&batch))?;
            tx.commit(
                serde_json::json!({ "batch": n, "incidents": count, "content_hash": content_hash }),
            )?;
            summary.batches += 1;
            summary.incidents += count;
            progress(summary.incidents, total);
        }
        self.store.ensure_search_index()?;
        Ok(summary)
    }
}
