//! Every reader on real files written by the tests (an `.xlsx` made with `rust_xlsxwriter`,
//! GPX, GeoJSON and NDJSON text): what each row becomes, each fault class with its precise
//! rejection, and broken files failing with an error that names the file and the row.

use std::path::{Path, PathBuf};

use atalaya_ingest::{IngestError, Profile, Reason, Record, Rejection, open_file};
use atalaya_model::Taxonomy;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

/// A standardized record in one line, or its rejection as (row, reason, column, value).
type Seen = Result<String, (u64, Reason, Option<String>, Option<String>)>;

fn utc(t: chrono::DateTime<chrono::Utc>) -> String {
    t.format("%Y-%m-%d %H:%M:%S").to_string()
}

fn seen(outcome: Result<atalaya_ingest::StandardRecord, Rejection>) -> Seen {
    outcome
        .map(|rec| match rec.record {
            Record::Incident(i) => format!(
                "{} {} {} {}",
                rec.record_id,
                utc(i.occurred_from),
                i.category,
                i.location
                    .map_or("-".into(), |p| format!("{:.4},{:.4}", p.lon, p.lat))
            ),
            Record::PatrolTrack(t) => format!(
                "{} {} points {}..{}",
                t.unit,
                t.points.len(),
                utc(t.points[0].at),
                utc(t.points[t.points.len() - 1].at)
            ),
            Record::RegistryRecord(r) => format!(
                "{} {} {} {}",
                r.institution,
                r.case_number,
                utc(r.recorded_at),
                r.category_text
            ),
        })
        .map_err(|r| (r.row, r.reason, r.column, r.value))
}

fn read(profile: &Profile, path: &Path) -> Result<Vec<(u64, String, Seen)>, IngestError> {
    let tax = Taxonomy::standard();
    let rows = open_file(path, profile, &tax)?;
    rows.map(|r| r.map(|r| (r.row, r.raw, seen(r.outcome))))
        .collect()
}

fn builtin(name: &str) -> Profile {
    Profile::builtin(name, &Taxonomy::standard()).unwrap()
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn rejected(reason: Reason, row: u64, column: &str, value: &str) -> Seen {
    Err((row, reason, Some(column.into()), Some(value.into())))
}

/// The prosecutor's workbook: a notes sheet first, then "Causas" with date-typed cells, plain
/// serial numbers, text dates and each fault class.
fn registry_workbook(path: &Path) {
    let mut book = Workbook::new();
    let notes = book.add_worksheet();
    notes.set_name("Notas").unwrap();
    notes.write_string(0, 0, "Exportado el 02-03-2024").unwrap();
    let sheet = book.add_worksheet();
    sheet.set_name("Causas").unwrap();
    let date = Format::new().set_num_format("dd-mm-yyyy hh:mm");
    let day = Format::new().set_num_format("dd-mm-yyyy");
    for (c, h) in ["RUC", "FECHA_INGRESO", "DELITO", "ESTADO"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    let dt = ExcelDateTime::from_ymd(2024, 3, 1)
        .unwrap()
        .and_hms(21, 15, 0)
        .unwrap();
    // Row 2: a date-time cell.
    sheet.write_string(1, 0, "2400123456-7").unwrap();
    sheet.write_datetime_with_format(1, 1, &dt, &date).unwrap();
    sheet.write_string(1, 2, "ROBO POR SORPRESA").unwrap();
    sheet.write_string(1, 3, "VIGENTE").unwrap();
    // Row 3: a plain serial number (General format), ESTADO left empty (the cell is absent).
    sheet.write_string(2, 0, "2400123457-5").unwrap();
    sheet.write_number(2, 1, 45352.885416666664).unwrap();
    sheet.write_string(2, 2, "HURTO SIMPLE").unwrap();
    // Row 4: a date typed as text in the profile's form.
    sheet.write_string(3, 0, "2400123458-3").unwrap();
    sheet.write_string(3, 1, "15-07-2024").unwrap();
    sheet.write_string(3, 2, "AMENAZAS").unwrap();
    // Row 6 (row 5 left empty): the RUC's check digit is wrong.
    sheet.write_string(5, 0, "2300123456-7").unwrap();
    sheet.write_datetime_with_format(5, 1, &dt, &date).unwrap();
    sheet.write_string(5, 2, "HURTO SIMPLE").unwrap();
    // Row 7: not a RUC at all.
    sheet.write_string(6, 0, "S/N").unwrap();
    sheet.write_datetime_with_format(6, 1, &dt, &date).unwrap();
    // Row 8: an impossible text date.
    sheet.write_string(7, 0, "2400123458-3").unwrap();
    sheet.write_string(7, 1, "31-02-2024").unwrap();
    // Row 9: serial 60 as a date cell is Excel's phantom 1900-02-29.
    sheet.write_string(8, 0, "2400123458-3").unwrap();
    let phantom = ExcelDateTime::from_serial_datetime(60.0).unwrap();
    sheet
        .write_datetime_with_format(8, 1, &phantom, &day)
        .unwrap();
    // Row 10: serial 59 is 1900-02-28, before the phantom day.
    sheet.write_string(9, 0, "2400123458-3").unwrap();
    sheet.write_number(9, 1, 59).unwrap();
    book.save(path).unwrap();
}

#[test]
fn given_registry_workbook_then_sheet_cells_dates_and_rucs_read_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("causas.xlsx");
    registry_workbook(&path);
    let got = read(&builtin("fiscalia_registro_xlsx"), &path).unwrap();
    let outcomes: Vec<Seen> = got.iter().map(|(_, _, s)| s.clone()).collect();
    assert_eq!(
        outcomes,
        vec![
            Ok("Fiscalía Local 2400123456-7 2024-03-02 00:15:00 ROBO POR SORPRESA".into()),
            Ok("Fiscalía Local 2400123457-5 2024-03-02 00:15:00 HURTO SIMPLE".into()),
            Ok("Fiscalía Local 2400123458-3 2024-07-15 04:00:00 AMENAZAS".into()),
            rejected(Reason::InvalidCaseNumber, 6, "RUC", "2300123456-7"),
            rejected(Reason::InvalidCaseNumber, 7, "RUC", "S/N"),
            rejected(Reason::BadDate, 8, "FECHA_INGRESO", "31-02-2024"),
            rejected(Reason::BadDate, 9, "FECHA_INGRESO", "1900-02-29"),
            Ok("Fiscalía Local 2400123458-3 1900-02-28 04:42:45 ".into()),
        ]
    );
    // Lineage: the row's cells as a JSON array, absent trailing cells not invented.
    assert_eq!(
        got[1].1,
        r#"["2400123457-5","45352.885416666664","HURTO SIMPLE"]"#
    );
    assert_eq!(
        got[0].1,
        r#"["2400123456-7","2024-03-01 21:15:00","ROBO POR SORPRESA","VIGENTE"]"#
    );
}

#[test]
fn given_invalid_ruc_then_the_rejection_says_which_check_digit_was_expected() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("causas.xlsx");
    registry_workbook(&path);
    let tax = Taxonomy::standard();
    let rows = open_file(&path, &builtin("fiscalia_registro_xlsx"), &tax).unwrap();
    let rej = rows
        .map(|r| r.unwrap().outcome)
        .find_map(Result::err)
        .unwrap();
    assert_eq!(
        rej.to_string(),
        "row 6: invalid_case_number in column `RUC`: `2300123456-7`; expected a RUC whose check digit is 0 (módulo 11 over its 10 digits)"
    );
}

#[test]
fn given_a_sheet_name_the_workbook_lacks_then_the_error_lists_its_sheets() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("causas.xlsx");
    registry_workbook(&path);
    let mut p = builtin("fiscalia_registro_xlsx");
    p.format.sheet = Some("Hoja1".into());
    let e = read(&p, &path).unwrap_err().to_string();
    assert!(
        e.ends_with("not valid xlsx: no sheet named `Hoja1`; the sheets are: Notas, Causas"),
        "{e}"
    );
}

#[test]
fn given_a_text_file_named_xlsx_then_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "causas.xlsx", "RUC;FECHA\n1;2\n");
    let e = read(&builtin("fiscalia_registro_xlsx"), &path)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("causas.xlsx: not valid xlsx: not an Excel workbook"),
        "{e}"
    );
}

const GPX: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="AVL" xmlns="http://www.topografix.com/GPX/1/1">
  <trk><name>M-03</name>
    <trkseg>
      <trkpt lat="-33.4262" lon="-70.6127"><time>2024-03-01T21:00:00Z</time></trkpt>
      <trkpt lat="-33.4270" lon="-70.6100"><time>2024-03-01T21:05:30Z</time></trkpt>
    </trkseg>
  </trk>
  <trk><name>M-04</name><trkseg>
    <trkpt lat="-33.43" lon="-70.61"><time>2024-03-01T21:00:00Z</time></trkpt>
    <trkpt lat="-33.43" lon="-70.61"><time>01/03/2024</time></trkpt>
  </trkseg></trk>
  <trk><name>M-05</name><trkseg>
    <trkpt lon="-70.61"><time>2024-03-01T21:00:00Z</time></trkpt>
  </trkseg></trk>
  <trk><trkseg><trkpt lat="-33.43" lon="-70.61"><time>2024-03-01T21:00:00-03:00</time></trkpt></trkseg></trk>
  <trk><name>M-07</name></trk>
</gpx>
"#;

#[test]
fn given_gpx_then_each_trk_is_a_track_or_a_precise_rejection() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "turno.gpx", GPX);
    let got = read(&builtin("patrullaje_gps"), &path).unwrap();
    let outcomes: Vec<Seen> = got.iter().map(|(_, _, s)| s.clone()).collect();
    assert_eq!(
        outcomes,
        vec![
            Ok("M-03 2 points 2024-03-01 21:00:00..2024-03-01 21:05:30".into()),
            rejected(Reason::BadDate, 2, "trkpt 2 time", "01/03/2024"),
            rejected(Reason::NoLocation, 3, "trkpt 1 lat", ""),
            rejected(Reason::MissingValue, 4, "name", ""),
            rejected(Reason::NoLocation, 5, "points", "0 points"),
        ]
    );
    assert!(got[0].1.starts_with("<trk><name>M-03</name>"));
}

#[test]
fn given_broken_gpx_then_the_error_names_file_and_row() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "roto.gpx",
        "<gpx>\n<trk><name>M-1</name>\n<trkseg>\n</trk>\n</gpx>\n",
    );
    let e = read(&builtin("patrullaje_gps"), &path).unwrap_err();
    assert!(
        matches!(e, IngestError::Malformed { row: Some(4), .. }),
        "{e}"
    );
    assert!(
        e.to_string().contains("roto.gpx, line 4: not valid gpx"),
        "{e}"
    );
}

const GEOJSON: &str = r#"{
  "type": "FeatureCollection",
  "features": [
    {"type": "Feature", "geometry": {"type": "Point", "coordinates": [-70.6127, -33.4262]},
     "properties": {"folio": "APP-1", "fecha": "2024-03-01 21:20", "motivo": "Lanzazo", "relato": "celular", "direccion": "Providencia con Lyon"}},
    {"type": "Feature", "geometry": null,
     "properties": {"folio": "APP-2", "fecha": "2024-03-01 21:25", "motivo": "Hurto"}},
    {"type": "Feature", "geometry": {"type": "Point", "coordinates": [-70.61, -33.43]},
     "properties": {"folio": "APP-3", "fecha": "2024-03-01 21:30", "motivo": "Abigeato"}},
    {"type": "Feature", "geometry": {"type": "Point", "coordinates": [-70.61, -33.43]},
     "properties": {"folio": "APP-4", "fecha": "ayer", "motivo": "Hurto"}}
  ]
}"#;

#[test]
fn given_geojson_points_then_properties_and_coordinates_map() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "app.geojson", GEOJSON);
    let got = read(&builtin("denuncias_app_geojson"), &path).unwrap();
    let outcomes: Vec<Seen> = got.iter().map(|(_, _, s)| s.clone()).collect();
    assert_eq!(
        outcomes,
        vec![
            Ok("APP-1 2024-03-02 00:20:00 dmcs.robo_sorpresa -70.6127,-33.4262".into()),
            rejected(Reason::NoLocation, 2, "@lon", ""),
            rejected(Reason::UnknownCategory, 3, "motivo", "Abigeato"),
            rejected(Reason::BadDate, 4, "fecha", "ayer"),
        ]
    );
    assert!(
        got[1]
            .1
            .starts_with("{\"type\": \"Feature\", \"geometry\": null,")
    );
}

#[test]
fn given_truncated_geojson_then_the_error_names_file_and_row() {
    let dir = tempfile::tempdir().unwrap();
    let cut = &GEOJSON[..GEOJSON.find("APP-3").unwrap()];
    let path = write(dir.path(), "app.geojson", cut);
    let e = read(&builtin("denuncias_app_geojson"), &path)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("app.geojson, line 9: not valid geojson: the file ends inside the value that starts on line 8"),
        "{e}"
    );
}

#[test]
fn given_camera_ndjson_then_lines_map_and_a_broken_line_is_quarantined() {
    let dir = tempfile::tempdir().unwrap();
    let text = concat!(
        r#"{"id": "EV-1", "ts": "2024-03-01T21:14:50", "camara": "CAM-014", "tipo": "ROBO_SORPRESA", "nota": "arrebato", "ubicacion": {"lon": -70.6155, "lat": -33.4175}}"#,
        "\n",
        r#"{"id": "EV-2", "ts": "2024-03-01T21:20:00", "tipo": "HURTO", "ubicacion": {"lon": -70.61"#,
        "\n\n",
        r#"{"id": "EV-3", "ts": "2024-03-01T21:30:00", "tipo": "HURTO", "ubicacion": {}}"#,
        "\n",
    );
    let path = write(dir.path(), "vms.ndjson", text);
    let got = read(&builtin("camaras_eventos_json"), &path).unwrap();
    let outcomes: Vec<Seen> = got.iter().map(|(_, _, s)| s.clone()).collect();
    assert_eq!(
        outcomes[0],
        Ok("EV-1 2024-03-02 00:14:50 dmcs.robo_sorpresa -70.6155,-33.4175".into())
    );
    let Err((2, Reason::Malformed, None, Some(value))) = &outcomes[1] else {
        panic!("{:?}", outcomes[1])
    };
    assert!(value.starts_with("{\"id\": \"EV-2\""));
    assert_eq!(
        outcomes[2],
        rejected(Reason::NoLocation, 4, "ubicacion.lon", "")
    );
}

#[test]
fn given_camera_json_array_then_elements_are_rows() {
    let dir = tempfile::tempdir().unwrap();
    let text = "[\n {\"id\": \"EV-1\", \"ts\": \"2024-03-01T21:14:50\", \"tipo\": \"HURTO\", \"ubicacion\": {\"lon\": -70.61, \"lat\": -33.43}},\n {\"id\": \"EV-2\", \"ts\": \"2024-03-01T21:14:50\", \"tipo\": \"HURTO\", \"ubicacion\": {\"lon\": -70.61, \"lat\": -33.43}}\n]\n";
    let path = write(dir.path(), "vms.json", text);
    let got = read(&builtin("camaras_eventos_json"), &path).unwrap();
    assert_eq!(
        got.iter()
            .map(|(row, _, s)| (*row, s.is_ok()))
            .collect::<Vec<_>>(),
        [(1, true), (2, true)]
    );
}
