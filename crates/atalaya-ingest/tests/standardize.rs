//! Reading real export shapes through the shipped profiles: each fault class with its precise
//! rejection, encodings, separators, date forms, coordinate systems and DST edges.

use atalaya_ingest::{Profile, Reason, Rejection, open_rows};
use atalaya_model::Taxonomy;

/// Windows-1252 bytes for text made of Latin-1 characters (what the patrol system exports).
fn cp1252(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| u8::try_from(u32::from(c)).expect("Latin-1 text"))
        .collect()
}

const PATROL_HEADER: &str =
    "N° Procedimiento;Fecha;Hora;Tipo Procedimiento;Dirección;Latitud;Longitud;Móvil;Observaciones";

/// What a row standardized to: record id, UTC time, category, rounded lon/lat.
type Seen = (String, String, String, Option<(f64, f64)>);

fn read(profile: &str, bytes: &[u8]) -> Vec<Result<Seen, Rejection>> {
    let tax = Taxonomy::standard();
    let p = Profile::builtin(profile, &tax).unwrap();
    open_rows(bytes, "fixture", &p, &tax)
        .unwrap()
        .map(|r| {
            r.unwrap().outcome.map(|rec| {
                let i = rec.incident().expect("an incident").clone();
                (
                    rec.record_id,
                    i.occurred_from.format("%Y-%m-%d %H:%M UTC").to_string(),
                    i.category,
                    i.location
                        .map(|l| ((l.lon * 1e4).round() / 1e4, (l.lat * 1e4).round() / 1e4)),
                )
            })
        })
        .collect()
}

fn patrol(rows: &[&str]) -> Vec<u8> {
    cp1252(&format!("{PATROL_HEADER}\r\n{}\r\n", rows.join("\r\n")))
}

fn check_patrol_fault(
    row: &str,
    reason: Reason,
    column: Option<&str>,
    value: &str,
    expected_has: &str,
) {
    let got = read("patrullaje_municipal", &patrol(&[row]));
    let Err(rej) = &got[0] else {
        panic!("expected a rejection, got {got:?}")
    };
    assert_eq!(
        (
            rej.row,
            rej.reason,
            rej.column.as_deref(),
            rej.value.as_deref()
        ),
        (2, reason, column, Some(value))
    );
    assert!(rej.expected.contains(expected_has), "{}", rej.expected);
}

#[test]
fn given_patrol_row_in_windows_1252_with_decimal_commas_then_it_standardizes() {
    let got = read(
        "patrullaje_municipal",
        &patrol(&[
            "PM-1;01-03-2024;21:15;Robo por sorpresa;Av. Providencia 1234;-33,4175;-70,6155;M-03;Le arrebatan el celular",
            "PM-2;15-07-2024;08:00;DAÑOS;Pedro de Valdivia 100;-33,4300;-70,6100;M-01;Rayado en muro",
        ]),
    );
    assert_eq!(
        got,
        vec![
            Ok((
                "PM-1".into(),
                "2024-03-02 00:15 UTC".into(),
                "dmcs.robo_sorpresa".into(),
                Some((-70.6155, -33.4175))
            )),
            Ok((
                "PM-2".into(),
                "2024-07-15 12:00 UTC".into(),
                "inc.danos".into(),
                Some((-70.61, -33.43))
            )),
        ]
    );
}

#[test]
fn given_impossible_date_then_bad_date_names_both_columns_and_the_forms() {
    check_patrol_fault(
        "PM-1;31-02-2024;21:15;Hurto;x;-33,4175;-70,6155;M-03;x",
        Reason::BadDate,
        Some("Fecha + Hora"),
        "31-02-2024 21:15",
        "`%d-%m-%Y %H:%M`",
    );
}

#[test]
fn given_blank_latitude_then_no_location_names_the_column() {
    check_patrol_fault(
        "PM-1;01-03-2024;21:15;Hurto;x;;-70,6155;M-03;x",
        Reason::NoLocation,
        Some("Latitud"),
        "",
        "EPSG:4326",
    );
}

#[test]
fn given_category_not_in_the_map_then_unknown_category_names_the_value() {
    check_patrol_fault(
        "PM-1;01-03-2024;21:15;Abigeato;x;-33,4175;-70,6155;M-03;x",
        Reason::UnknownCategory,
        Some("Tipo Procedimiento"),
        "Abigeato",
        "[category.map]",
    );
}

#[test]
fn given_missing_columns_then_wrong_column_count() {
    check_patrol_fault(
        "PM-1;01-03-2024;21:15;Hurto",
        Reason::WrongColumnCount,
        None,
        "4 columns",
        "9 columns",
    );
}

#[test]
fn given_camera_log_with_bom_and_utm_then_points_are_wgs84() {
    let text = "\u{feff}id_evento,fecha_hora,camara,tipo_evento,descripcion,este,norte\n\
                EV-1,2024-03-01 21:14:50,CAM-014,ROBO_SORPRESA,Arrebato,349793.6,6301261.0\n";
    let got = read("camaras_eventos", text.as_bytes());
    let (lon, lat) = got[0].as_ref().unwrap().3.unwrap();
    assert!(
        (lon + 70.6155).abs() < 2e-4 && (lat + 33.4175).abs() < 2e-4,
        "{lon} {lat}"
    );
}

#[test]
fn given_santiago_dst_edges_then_fold_reads_earlier_and_gap_reads_forward() {
    let text = "id_evento,fecha_hora,camara,tipo_evento,descripcion,este,norte\n\
                EV-1,2024-04-06 23:30:00,C,HURTO,x,349793.6,6301261.0\n\
                EV-2,2024-09-08 00:30:00,C,HURTO,x,349793.6,6301261.0\n";
    let got = read("camaras_eventos", text.as_bytes());
    assert_eq!(got[0].as_ref().unwrap().1, "2024-04-07 02:30 UTC");
    assert_eq!(got[1].as_ref().unwrap().1, "2024-09-08 04:30 UTC");
}

#[test]
fn given_profile_that_rejects_dst_edges_then_each_gets_its_reason() {
    let tax = Taxonomy::standard();
    let mut p = Profile::builtin("camaras_eventos", &tax).unwrap();
    let t = p.time.as_mut().unwrap();
    t.ambiguous = atalaya_ingest::profile::AmbiguousTime::Reject;
    t.nonexistent = atalaya_ingest::profile::NonexistentTime::Reject;
    let text = "id_evento,fecha_hora,camara,tipo_evento,descripcion,este,norte\n\
                EV-1,2024-04-06 23:30:00,C,HURTO,x,349793.6,6301261.0\n\
                EV-2,2024-09-08 00:30:00,C,HURTO,x,349793.6,6301261.0\n";
    let reasons: Vec<Reason> = open_rows(text.as_bytes(), "f", &p, &tax)
        .unwrap()
        .map(|r| r.unwrap().outcome.unwrap_err().reason)
        .collect();
    assert_eq!(reasons, [Reason::AmbiguousTime, Reason::NonexistentTime]);
}

#[test]
fn given_registry_tsv_with_excel_serial_dates_then_dates_and_utm_read() {
    let text = "RUC\tFECHA_HECHO\tHORA_HECHO\tDELITO\tDIRECCION\tCOORD_X\tCOORD_Y\n\
                2400123456-7\t45352\t21:15\tROBO POR SORPRESA\tAV PROVIDENCIA 1234\t349794\t6301261\n";
    let got = read("fiscalia_causas", text.as_bytes());
    let (id, at, cat, _) = got[0].as_ref().unwrap();
    assert_eq!(
        (id.as_str(), at.as_str(), cat.as_str()),
        ("2400123456-7", "2024-03-02 00:15 UTC", "dmcs.robo_sorpresa")
    );
}

#[test]
fn given_citizen_csv_with_latitude_first_then_columns_map_by_name() {
    let text = "folio,fecha,hora,canal,motivo,relato,direccion,lat,lon\n\
                DC-1,2024-03-01,21:20,telefono,Lanzazo,\"Me robaron, en la esquina\",Providencia con Lyon,-33.4175,-70.6155\n";
    let got = read("denuncias_ciudadanas", text.as_bytes());
    assert_eq!(got[0].as_ref().unwrap().3, Some((-70.6155, -33.4175)));
}
