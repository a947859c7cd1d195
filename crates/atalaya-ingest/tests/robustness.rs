//! Arbitrary input never panics the reader: it yields rows (each standardized or rejected) or
//! one error, and every record read is accounted for exactly once.

use atalaya_ingest::{Profile, open_rows};
use atalaya_model::Taxonomy;
use proptest::prelude::*;

fn outcome_counts(bytes: &[u8], profile: &str) -> Result<(u64, u64, u64), String> {
    let tax = Taxonomy::standard();
    let p = Profile::builtin(profile, &tax).unwrap();
    let rows = match open_rows(bytes, "fuzz", &p, &tax) {
        Ok(r) => r,
        Err(e) => return Err(e.to_string()),
    };
    let (mut read, mut ok, mut rejected) = (0, 0, 0);
    let mut last_row = 0;
    for r in rows {
        let r = r.map_err(|e| e.to_string())?;
        assert!(r.row > last_row, "row numbers increase");
        last_row = r.row;
        read += 1;
        match r.outcome {
            Ok(_) => ok += 1,
            Err(_) => rejected += 1,
        }
    }
    Ok((read, ok, rejected))
}

fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9 ñáé,;\"\t\r\n.:-]{0,12}",
        Just("01-03-2024".to_string()),
        Just("-33,4175".to_string()),
        Just("Hurto".to_string()),
        Just("\"".to_string()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_give_rows_or_an_error(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        for profile in ["patrullaje_municipal", "camaras_eventos", "fiscalia_causas"] {
            if let Ok((read, ok, rejected)) = outcome_counts(&bytes, profile) {
                prop_assert_eq!(read, ok + rejected);
            }
        }
    }

    #[test]
    fn arbitrary_csv_gives_rows_or_an_error(rows in proptest::collection::vec(proptest::collection::vec(cell(), 0..11), 0..20)) {
        let header = "N° Procedimiento;Fecha;Hora;Tipo Procedimiento;Dirección;Latitud;Longitud;Móvil;Observaciones";
        let mut text = format!("{header}\n");
        for r in &rows {
            text.push_str(&r.join(";"));
            text.push('\n');
        }
        let bytes: Vec<u8> = text.chars().map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?')).collect();
        let (read, ok, rejected) = outcome_counts(&bytes, "patrullaje_municipal").expect("a header is present");
        prop_assert_eq!(read, ok + rejected);
    }
}
