//! Arbitrary input never panics any reader: it yields rows (each standardized or rejected) or
//! one error, and every record read is accounted for exactly once.

use atalaya_ingest::{Profile, open_rows};
use atalaya_model::Taxonomy;
use proptest::prelude::*;

/// One profile per reader (and per record kind).
const EVERY_READER: &[&str] = &[
    "patrullaje_municipal",
    "camaras_eventos",
    "fiscalia_causas",
    "fiscalia_registro_xlsx",
    "denuncias_app_geojson",
    "camaras_eventos_json",
    "patrullaje_gps",
];

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

/// JSON-ish text: the structural characters of JSON, GeoJSON and GPX mixed with values.
fn structured() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[{}\\[\\],:\"\\\\ \n<>/=a-z0-9.-]{0,6}",
        Just("{\"type\": \"FeatureCollection\", \"features\": [".to_string()),
        Just("{\"type\": \"Feature\", \"geometry\": {\"type\": \"Point\", \"coordinates\": [-70.6, -33.4]}, \"properties\": {\"fecha\": \"2024-03-01 21:20\", \"motivo\": \"Hurto\"}}".to_string()),
        Just("{\"id\": \"E\", \"ts\": \"2024-03-01T21:14:50\", \"tipo\": \"HURTO\", \"ubicacion\": {\"lon\": -70.6, \"lat\": -33.4}}\n".to_string()),
        Just("<gpx>".to_string()),
        Just("<trk><name>M-1</name><trkseg>".to_string()),
        Just("<trkpt lat=\"-33.4\" lon=\"-70.6\"><time>2024-03-01T21:00:00Z</time></trkpt>".to_string()),
        Just("</trkseg></trk>".to_string()),
        Just("</gpx>".to_string()),
        Just("&amp;".to_string()),
    ];
    proptest::collection::vec(piece, 0..24).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_give_rows_or_an_error(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        for profile in EVERY_READER {
            if let Ok((read, ok, rejected)) = outcome_counts(&bytes, profile) {
                prop_assert_eq!(read, ok + rejected);
            }
        }
    }

    #[test]
    fn arbitrary_structured_text_gives_rows_or_an_error(text in structured()) {
        for profile in EVERY_READER {
            if let Ok((read, ok, rejected)) = outcome_counts(text.as_bytes(), profile) {
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

/// Real workbooks with arbitrary cells: rows or an error, never a panic.
#[test]
fn arbitrary_workbook_cells_give_rows_or_an_error() {
    use proptest::test_runner::{Config, TestRunner};
    let mut runner = TestRunner::new(Config {
        cases: 48,
        ..Config::default()
    });
    let strategy = proptest::collection::vec(
        proptest::collection::vec(
            prop_oneof![cell().prop_map(Ok), (-1e6f64..3e6).prop_map(Err),],
            0..6,
        ),
        0..12,
    );
    runner
        .run(&strategy, |rows| {
            let mut book = rust_xlsxwriter::Workbook::new();
            let sheet = book.add_worksheet();
            sheet.set_name("Causas").unwrap();
            for (c, h) in ["RUC", "FECHA_INGRESO", "DELITO"].iter().enumerate() {
                sheet.write_string(0, c as u16, *h).unwrap();
            }
            for (r, cells) in rows.iter().enumerate() {
                for (c, v) in cells.iter().enumerate() {
                    let (r, c) = (r as u32 + 1, c as u16);
                    match v {
                        Ok(s) => sheet.write_string(r, c, s).map(|_| ()),
                        Err(n) => sheet.write_number(r, c, *n).map(|_| ()),
                    }
                    .unwrap();
                }
            }
            let bytes = book.save_to_buffer().unwrap();
            let (read, ok, rejected) =
                outcome_counts(&bytes, "fiscalia_registro_xlsx").expect("a valid workbook");
            prop_assert_eq!(read, ok + rejected);
            Ok(())
        })
        .unwrap();
}
