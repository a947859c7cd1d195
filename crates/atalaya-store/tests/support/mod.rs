//! Builders shared by the store's integration tests: real SQLCipher files in temp folders.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use atalaya_model::{GeoPoint, Incident, IncidentId, IncidentStatus, Sensitivity};
use atalaya_store::schema::INCIDENT;
use atalaya_store::{Protection, Store, Unlock, codec};
use chrono::{TimeZone, Utc};
use zeroize::Zeroizing;

pub const PASS: &str = "contraseña de prueba";

pub fn protection(pass: &str) -> Protection {
    Protection {
        passphrase: Some(Zeroizing::new(pass.to_string())),
        keyring: false,
    }
}

pub fn unlock(pass: &str) -> Unlock {
    Unlock {
        passphrase: Some(Zeroizing::new(pass.to_string())),
    }
}

pub fn db_path(dir: &tempfile::TempDir) -> PathBuf {
    dir.path().join("atalaya.db")
}

pub fn new_store(path: &Path) -> Store {
    Store::create(path, &protection(PASS)).expect("create store")
}

/// A plausible incident; `n` varies id, time and text.
pub fn incident(n: u32) -> Incident {
    let at = Utc.with_ymd_and_hms(2024, 3, 1, 12, 0, 0).unwrap()
        + chrono::Duration::minutes(i64::from(n) * 37);
    let mut rand = [0u8; 10];
    rand[..4].copy_from_slice(&n.to_le_bytes());
    Incident {
        id: IncidentId::from_parts(at.timestamp_millis() as u64, rand),
        occurred_from: at,
        occurred_to: None,
        reported_at: Some(at + chrono::Duration::minutes(20)),
        category: if n.is_multiple_of(2) {
            "dmcs.hurto".into()
        } else {
            "dmcs.robo_sorpresa".into()
        },
        original_category: None,
        description: format!("Hurto de celular número {n} en la vía pública"),
        location: Some(GeoPoint {
            lon: -70.61 + f64::from(n % 100) * 1e-4,
            lat: -33.43,
        }),
        accuracy_m: Some(10.0),
        location_precision: Some(atalaya_model::LocationPrecision::Reported),
        address: Some(format!("Avenida Providencia {}", 1000 + n)),
        cuadrante: Some(format!("C{:02}", 1 + n % 20)),
        barrio: Some("B01".into()),
        status: IncidentStatus::Reported,
        sensitivity: Sensitivity::Normal,
        source_id: None,
        batch_id: None,
        created_by: None,
    }
}

/// Insert `n` incidents in one traced transaction.
pub fn insert_incidents(store: &mut Store, range: std::ops::Range<u32>) {
    let mut tx = store.write("tester", "test.insert").unwrap();
    for n in range.clone() {
        tx.insert(&INCIDENT, &codec::incident(&incident(n)))
            .unwrap();
    }
    tx.commit(serde_json::json!({ "incidents": range.len() }))
        .unwrap();
}

pub fn file_digest(path: &Path) -> String {
    blake3::hash(&std::fs::read(path).unwrap())
        .to_hex()
        .to_string()
}
