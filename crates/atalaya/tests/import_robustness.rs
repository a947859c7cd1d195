//! Arbitrary CSV imported into a real store: never a panic, and the row invariant holds for
//! every file and for the store's raw records.

use atalaya::{DemoConfig, OpenOptions, ProfileChoice, Workspace};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9 ñ,;\"\r\n.:-]{0,10}",
        Just("01-03-2024".to_string()),
        Just("21:15".to_string()),
        Just("-33,4175".to_string()),
        Just("-70,6155".to_string()),
        Just("Hurto".to_string()),
        Just("PM-1".to_string()),
    ]
}

#[test]
fn arbitrary_patrol_files_import_balanced() {
    let dir = tempfile::tempdir().unwrap();
    let opts = OpenOptions::new(dir.path().join("s.db")).with_passphrase(Some("p".into()));
    let ws = std::cell::RefCell::new(Workspace::create(&opts).unwrap());
    let config = DemoConfig {
        seed: 1,
        incidents: 0,
        start: chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(),
        days: 1,
    };
    ws.borrow_mut().load_demo(&config, &mut |_, _| {}).unwrap();
    let header = "N° Procedimiento;Fecha;Hora;Tipo Procedimiento;Dirección;Latitud;Longitud;Móvil;Observaciones";
    let strategy = proptest::collection::vec(proptest::collection::vec(cell(), 0..11), 0..12);
    let mut runner = TestRunner::new(Config {
        cases: 24,
        ..Config::default()
    });
    let n = std::cell::Cell::new(0);
    runner
        .run(&strategy, |rows| {
            n.set(n.get() + 1);
            let mut text = format!("{header}\n");
            for r in &rows {
                text.push_str(&r.join(";"));
                text.push('\n');
            }
            let bytes: Vec<u8> = text
                .chars()
                .map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?'))
                .collect();
            let file = dir.path().join(format!("f{}.csv", n.get()));
            std::fs::write(&file, bytes).unwrap();
            let s = ws
                .borrow_mut()
                .import(
                    &file,
                    &ProfileChoice::Named("patrullaje_municipal".into()),
                    &mut |_, _| {},
                )
                .unwrap();
            prop_assert!(s.balanced(), "{:?}", s);
            Ok(())
        })
        .unwrap();
    let ws = ws.into_inner();
    let (read, acc, quar, dup): (i64, i64, i64, i64) = ws
        .store()
        .conn()
        .query_row(
            "SELECT coalesce(sum(rows_read),0), coalesce(sum(rows_accepted),0), coalesce(sum(rows_quarantined),0),
                    coalesce(sum(rows_duplicate),0) FROM import_batch b JOIN import_run r ON r.batch_id = b.id",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!(read, acc + quar + dup);
    let raw: i64 = ws
        .store()
        .conn()
        .query_row("SELECT count(*) FROM raw_record", [], |r| r.get(0))
        .unwrap();
    assert_eq!(raw, read);
    assert!(ws.verify_audit().unwrap().ok());
}
