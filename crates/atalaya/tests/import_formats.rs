//! Importing the other readers' files into real encrypted stores through `Workspace::import`:
//! an Excel registry export (registry records, RUC checked), a custom profile over a workbook
//! (incidents), GPX patrol tracks, GeoJSON and NDJSON — the row invariant, lineage naming the
//! table each row became, idempotent re-import and a clean audit every time.

use std::path::{Path, PathBuf};

mod support;

use atalaya::{ImportSummary, Workspace};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use support::{assert_audit_ok, counts, reference_store, sql_one};

/// [`support::import`], then a clean audit.
fn import(ws: &mut Workspace, path: &Path, choice: &str) -> ImportSummary {
    let s = support::import(ws, path, choice);
    assert_audit_ok(ws);
    s
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

/// The prosecutor's registry workbook: three good cases, a wrong check digit, a bad date.
fn registry_workbook(path: &Path) {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Causas").unwrap();
    let date = Format::new().set_num_format("dd-mm-yyyy hh:mm");
    for (c, h) in ["RUC", "FECHA_INGRESO", "DELITO"].iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    let at = |d: u8, h: u16| {
        ExcelDateTime::from_ymd(2024, 3, d)
            .unwrap()
            .and_hms(h, 15, 0)
            .unwrap()
    };
    let rows: [(&str, u8, &str); 5] = [
        ("2400123456-7", 1, "ROBO POR SORPRESA"),
        ("2400123457-5", 2, "HURTO SIMPLE"),
        ("2400123458-3", 3, "AMENAZAS"),
        ("2300123456-7", 4, "HURTO SIMPLE"),
        ("2400123459-1", 0, "HURTO SIMPLE"),
    ];
    for (r, (ruc, day, delito)) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        sheet.write_string(r, 0, *ruc).unwrap();
        if *day == 0 {
            sheet.write_string(r, 1, "sin fecha").unwrap();
        } else {
            sheet
                .write_datetime_with_format(r, 1, at(*day, 21), &date)
                .unwrap();
        }
        sheet.write_string(r, 2, *delito).unwrap();
    }
    book.save(path).unwrap();
}

#[test]
fn given_registry_workbook_when_imported_auto_then_registry_records_with_checked_rucs() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = reference_store(&dir);
    let path = dir.path().join("causas.xlsx");
    registry_workbook(&path);
    let s = import(&mut ws, &path, "auto");
    assert_eq!(
        (s.profile.as_str(), s.profile_auto),
        ("fiscalia_registro_xlsx", true)
    );
    assert_eq!(counts(&s), [5, 3, 3, 0, 2, 0]);
    assert_eq!(
        s.by_reason
            .iter()
            .map(|(k, v)| (k.as_str(), *v))
            .collect::<Vec<_>>(),
        [("bad_date", 1), ("invalid_case_number", 1)]
    );
    assert_eq!(
        sql_one::<String>(
            &ws,
            "SELECT group_concat(case_number || '@' || recorded_at || ' ' || institution, '; ')
             FROM (SELECT * FROM registry_record ORDER BY case_number)"
        ),
        "2400123456-7@1709338500 Fiscalía Local; 2400123457-5@1709424900 Fiscalía Local; 2400123458-3@1709511300 Fiscalía Local"
    );
    // Lineage: every row kept verbatim, accepted ones naming the registry record they became.
    assert_eq!(
        sql_one::<String>(
            &ws,
            "SELECT group_concat(row_number || ':' || status || ':' || coalesce(target_table, '-'), ' ')
             FROM (SELECT * FROM raw_record ORDER BY row_number)"
        ),
        "2:accepted:registry_record 3:accepted:registry_record 4:accepted:registry_record 5:quarantined:- 6:quarantined:-"
    );
    let q = ws.quarantine_list(None, 10).unwrap();
    assert_eq!(
        (q[0].row, q[0].column.as_deref(), q[0].value.as_deref()),
        (5, Some("RUC"), Some("2300123456-7"))
    );
    assert_eq!(
        q[0].content,
        r#"["2300123456-7","2024-03-04 21:15:00","HURTO SIMPLE"]"#
    );
    let again = import(&mut ws, &path, "auto");
    assert!(again.already_imported);
    assert_eq!(
        sql_one::<i64>(&ws, "SELECT count(*) FROM registry_record"),
        3
    );
}

#[test]
fn given_the_same_cases_from_another_export_then_they_are_the_same_records() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = reference_store(&dir);
    let path = dir.path().join("causas.xlsx");
    registry_workbook(&path);
    import(&mut ws, &path, "auto");
    // The regional office exports the same cases under its own source name; one of them with
    // a later intake date.
    let profile = std::fs::read_to_string("../../assets/profiles/fiscalia_registro_xlsx.toml")
        .unwrap()
        .replace(
            "name = \"Fiscalía local (registro de causas)\"",
            "name = \"Fiscalía regional (copia)\"",
        );
    let profile_path = write(dir.path(), "regional.toml", &profile);
    let copy = dir.path().join("regional.xlsx");
    registry_workbook(&copy);
    let s = import(&mut ws, &copy, profile_path.to_str().unwrap());
    assert_eq!(s.source, "Fiscalía regional (copia)");
    // Three cases already known (unchanged: duplicate), two rows quarantined as before.
    assert_eq!(counts(&s), [5, 0, 0, 0, 2, 3]);
    assert_eq!(
        sql_one::<i64>(&ws, "SELECT count(*) FROM registry_record"),
        3
    );
    assert_audit_ok(&ws);
}

/// Folio, category, (lat, lon).
type Fixture = (&'static str, &'static str, Option<(f64, f64)>);

#[test]
fn given_incident_workbook_with_custom_profile_then_cells_map_like_a_csv() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = reference_store(&dir);
    let path = dir.path().join("parte.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let date = Format::new().set_num_format("dd-mm-yyyy hh:mm");
    for (c, h) in ["Folio", "Fecha", "Tipo", "Lat", "Lon"].iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    let at = ExcelDateTime::from_ymd(2024, 3, 1)
        .unwrap()
        .and_hms(21, 15, 0)
        .unwrap();
    // Inside Providencia; then an unknown category; then no coordinates; then outside.
    let rows: [Fixture; 4] = [
        ("X-1", "Hurto", Some((-33.4175, -70.6155))),
        ("X-2", "Abigeato", Some((-33.4175, -70.6155))),
        ("X-3", "Hurto", None),
        ("X-4", "Hurto", Some((-33.4378, -70.6506))),
    ];
    for (r, (id, tipo, point)) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        sheet.write_string(r, 0, *id).unwrap();
        sheet.write_datetime_with_format(r, 1, &at, &date).unwrap();
        sheet.write_string(r, 2, *tipo).unwrap();
        if let Some((lat, lon)) = point {
            sheet.write_number(r, 3, *lat).unwrap();
            sheet.write_number(r, 4, *lon).unwrap();
        }
    }
    book.save(&path).unwrap();
    let profile = write(
        dir.path(),
        "parte.toml",
        r#"
[source]
kind = "patrol"
name = "Parte en Excel"
[format]
kind = "xlsx"
[columns]
record_id = "Folio"
[time]
date = "Fecha"
formats = ["%d-%m-%Y %H:%M"]
[location]
crs = "EPSG:4326"
x = "Lon"
y = "Lat"
[category]
column = "Tipo"
map = { "Hurto" = "dmcs.hurto" }
"#,
    );
    let s = import(&mut ws, &path, profile.to_str().unwrap());
    assert_eq!(counts(&s), [4, 1, 1, 0, 3, 0]);
    assert_eq!(
        s.by_reason
            .iter()
            .map(|(k, v)| (k.as_str(), *v))
            .collect::<Vec<_>>(),
        [
            ("no_location", 1),
            ("outside_comuna", 1),
            ("unknown_category", 1)
        ]
    );
    assert_eq!(
        sql_one::<String>(
            &ws,
            "SELECT category || ' ' || occurred_from || ' ' || cuadrante FROM incident"
        ),
        "dmcs.hurto 1709338500 C01"
    );
}

const GPX: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="AVL" xmlns="http://www.topografix.com/GPX/1/1">
  <trk><name>M-03</name><trkseg>
    <trkpt lat="-33.4262" lon="-70.6127"><time>2024-03-01T21:00:00Z</time></trkpt>
    <trkpt lat="-33.4270" lon="-70.6100"><time>2024-03-01T21:05:00Z</time></trkpt>
  </trkseg><trkseg>
    <trkpt lat="-33.4280" lon="-70.6090"><time>2024-03-01T21:20:00Z</time></trkpt>
  </trkseg></trk>
  <trk><name>M-04</name><trkseg>
    <trkpt lat="-33.43" lon="-70.61"><time>2024-03-01T21:00:00Z</time></trkpt>
  </trkseg></trk>
  <trk><name>M-05</name><trkseg>
    <trkpt lat="-33.43" lon="-70.61"><time>ayer</time></trkpt>
  </trkseg></trk>
</gpx>
"#;

#[test]
fn given_gpx_when_imported_auto_then_patrol_tracks_with_timed_points() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = reference_store(&dir);
    let path = write(dir.path(), "turno.gpx", GPX);
    let s = import(&mut ws, &path, "auto");
    assert_eq!(
        (s.profile.as_str(), s.profile_auto),
        ("patrullaje_gps", true)
    );
    assert_eq!(counts(&s), [3, 2, 2, 0, 1, 0]);
    assert_eq!(
        sql_one::<String>(
            &ws,
            "SELECT unit || ' ' || started_at || '-' || ended_at || ' ' || points
             FROM patrol_track WHERE unit = 'M-03'"
        ),
        "M-03 1709326800-1709328000 [[-70.6127,-33.4262,1709326800],[-70.61,-33.427,1709327100],[-70.609,-33.428,1709328000]]"
    );
    assert_eq!(sql_one::<i64>(&ws, "SELECT count(*) FROM incident"), 0);
    assert_eq!(
        sql_one::<String>(
            &ws,
            "SELECT group_concat(row_number || ':' || status || ':' || coalesce(target_table, '-'), ' ')
             FROM (SELECT * FROM raw_record ORDER BY row_number)"
        ),
        "1:accepted:patrol_track 2:accepted:patrol_track 3:quarantined:-"
    );
    let q = ws.quarantine_list(None, 10).unwrap();
    assert_eq!(
        (
            q[0].reason.as_str(),
            q[0].column.as_deref(),
            q[0].value.as_deref()
        ),
        ("bad_date", Some("trkpt 1 time"), Some("ayer"))
    );
    assert!(q[0].content.starts_with("<trk><name>M-05</name>"));
    // The same file again adds nothing; a later export repeating a track marks it duplicate.
    assert!(import(&mut ws, &path, "auto").already_imported);
    let later = write(
        dir.path(),
        "turno2.gpx",
        &GPX.replace("<name>M-05</name>", "<name>M-06</name>")
            .replace(">ayer<", ">2024-03-01T22:00:00Z<"),
    );
    let s = import(&mut ws, &later, "auto");
    assert_eq!(counts(&s), [3, 1, 1, 0, 0, 2]);
    assert_eq!(sql_one::<i64>(&ws, "SELECT count(*) FROM patrol_track"), 3);
}

#[test]
fn given_geojson_and_ndjson_when_imported_auto_then_incidents_with_areas() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = reference_store(&dir);
    let geojson = write(
        dir.path(),
        "app.geojson",
        r#"{"type": "FeatureCollection", "features": [
  {"type": "Feature", "geometry": {"type": "Point", "coordinates": [-70.6155, -33.4175]},
   "properties": {"folio": "APP-1", "fecha": "2024-03-01 21:20", "motivo": "Lanzazo", "relato": "celular", "direccion": "Providencia con Lyon"}},
  {"type": "Feature", "geometry": null, "properties": {"folio": "APP-2", "fecha": "2024-03-01 21:25", "motivo": "Hurto"}}
]}"#,
    );
    let s = import(&mut ws, &geojson, "auto");
    assert_eq!(s.profile, "denuncias_app_geojson");
    assert_eq!(counts(&s), [2, 1, 1, 0, 1, 0]);
    let ndjson = write(
        dir.path(),
        "vms.ndjson",
        concat!(
            r#"{"id": "EV-1", "ts": "2024-03-01T21:14:50", "tipo": "ROBO_SORPRESA", "nota": "arrebato", "ubicacion": {"lon": -70.6155, "lat": -33.4175}}"#,
            "\n",
            r#"{"id": "EV-2", "ts": "2024-03-01T21:20:00", "tipo": "HURTO", "ubicac"#,
            "\n",
        ),
    );
    let s = import(&mut ws, &ndjson, "auto");
    assert_eq!(s.profile, "camaras_eventos_json");
    assert_eq!(counts(&s), [2, 1, 1, 0, 1, 0]);
    assert_eq!(s.by_reason.get("malformed"), Some(&1));
    // The camera saw the snatching the app reported five minutes later at the same corner:
    // one incident, two sources.
    assert_eq!((s.linked, s.link_queued), (1, 0), "{s:?}");
    assert_eq!(
        sql_one::<String>(
            &ws,
            "SELECT group_concat(category || '@' || cuadrante, ' ') FROM (SELECT * FROM incident ORDER BY occurred_from)"
        ),
        "dmcs.robo_sorpresa@C01"
    );
    assert_eq!(
        sql_one::<i64>(
            &ws,
            "SELECT count(*) FROM raw_record WHERE status = 'accepted' AND target_id = (SELECT id FROM incident)"
        ),
        2
    );
}
