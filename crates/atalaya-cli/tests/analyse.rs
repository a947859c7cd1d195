//! `atalaya analyse …` run as a user would: each analysis on a small demo store and on a CSV of
//! planar points, every output format, and parameter errors that name the parameter.

mod support;

use support::*;

fn json(r: &Run) -> serde_json::Value {
    serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {}", r.stdout))
}

#[test]
fn given_a_demo_store_when_each_analysis_runs_then_every_format_comes_out() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_store(&dir, "d.db", 3000);
    let kde = ok(atalaya(
        &db,
        &[
            "analyse",
            "kde",
            "--cell",
            "150",
            "--bandwidth",
            "300",
            "--format",
            "json",
        ],
    ));
    let v = json(&kde);
    assert_eq!(v["bandwidth"], 300.0);
    assert!(v["cells"].as_array().unwrap().len() > 100);
    let gj = ok(atalaya(
        &db,
        &[
            "analyse", "hotspots", "--cell", "200", "--format", "geojson",
        ],
    ));
    let v = json(&gj);
    assert_eq!(v["type"], "FeatureCollection");
    assert_eq!(v["features"][0]["geometry"]["type"], "Polygon");
    let areas = ok(atalaya(
        &db,
        &[
            "analyse",
            "hotspots",
            "--areas",
            "cuadrante",
            "--format",
            "csv",
        ],
    ));
    assert!(
        areas
            .stdout
            .starts_with("code,name,count,z,p_value,q_value,class,class_fdr,neighbours\n"),
        "{}",
        areas.stdout
    );
    let knox = ok(atalaya(
        &db,
        &[
            "analyse",
            "knox",
            "--delta",
            "100,200",
            "--tau",
            "7",
            "--permutations",
            "9",
            "--format",
            "csv",
        ],
    ));
    assert_eq!(knox.stdout.lines().count(), 3, "{}", knox.stdout);
    assert!(
        knox.stdout
            .starts_with("distance_m,days,observed,expected,knox_ratio,p_value\n0-100,0-7,")
    );
    let chains = json(&ok(atalaya(
        &db,
        &[
            "analyse",
            "knox",
            "--delta",
            "100",
            "--tau",
            "7",
            "--permutations",
            "9",
            "--format",
            "geojson",
        ],
    )));
    assert_eq!(chains["features"][0]["geometry"]["type"], "LineString");
    let rhythm = ok(atalaya(&db, &["analyse", "rhythm", "--category", "dmcs"]));
    assert!(
        rhythm.stdout.starts_with("hour × weekday\n"),
        "{}",
        rhythm.stdout
    );
    assert!(
        rhythm.stdout.contains("seasonal index"),
        "{}",
        rhythm.stdout
    );
    let cs = ok(atalaya(&db, &["analyse", "compstat", "--format", "csv"]));
    assert!(
        cs.stdout.starts_with("scope,code,label,week_current,"),
        "{}",
        cs.stdout
    );
    assert!(
        cs.stdout
            .lines()
            .nth(1)
            .unwrap()
            .starts_with("total,total,todos,")
    );
    let fc = ok(atalaya(
        &db,
        &["analyse", "forecast", "--weeks", "3", "--coverage", "10"],
    ));
    assert!(
        fc.stdout
            .contains("held-out weeks: prospective vs baseline"),
        "{}",
        fc.stdout
    );
    assert!(fc.stdout.contains("mean"), "{}", fc.stdout);
    let fj = json(&ok(atalaya(
        &db,
        &["analyse", "forecast", "--weeks", "2", "--format", "json"],
    )));
    assert_eq!(fj["evaluation"]["weeks"].as_array().unwrap().len(), 2);
}

#[test]
fn given_bad_parameters_when_analyse_then_usage_errors_name_the_parameter() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_store(&dir, "d.db", 300);
    let check = |args: &[&str], message: &str| {
        let r = atalaya(&db, args);
        assert_eq!(r.code, 2, "{args:?}: {}{}", r.stdout, r.stderr);
        assert!(r.stderr.contains(message), "{args:?}: {}", r.stderr);
    };
    check(
        &["analyse", "kde", "--bandwidth", "ancho"],
        "invalid --bandwidth `ancho`: expected a positive number of metres",
    );
    check(
        &["analyse", "kde", "--kernel", "box"],
        "invalid --kernel `box`: expected quartic or gaussian",
    );
    check(&["analyse", "kde", "--cell", "0"], "invalid --cell `0`");
    check(
        &["analyse", "hotspots", "--weights", "distance:-5"],
        "invalid --weights `distance:-5`",
    );
    check(
        &["analyse", "hotspots", "--areas", "comuna"],
        "invalid --areas `comuna`: expected cuadrante or barrio",
    );
    check(
        &["analyse", "knox", "--delta", "200,100"],
        "invalid --delta `200,100`",
    );
    check(
        &["analyse", "knox", "--permutations", "0"],
        "invalid --permutations `0`",
    );
    check(
        &["analyse", "forecast", "--coverage", "0"],
        "invalid --coverage `0`",
    );
    check(
        &["analyse", "rhythm", "--format", "geojson"],
        "geojson is for kde, hotspots, knox chains and forecast",
    );
    check(
        &["analyse", "compstat", "--from", "2024-01-01"],
        "CompStat sets its own periods",
    );
    check(
        &["analyse", "kde", "--x", "x"],
        "invalid --x `x`: expected only with --input FILE",
    );
}

#[test]
fn given_a_csv_of_planar_points_when_analyse_input_then_no_store_is_needed() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("p.csv");
    let mut text = String::from("x,y,t\n");
    for i in 0..200u32 {
        // A 2 km square with a cluster, times over 120 days.
        let (x, y) = if i % 3 == 0 {
            (
                500.0 + f64::from(i % 7) * 10.0,
                500.0 + f64::from(i % 5) * 10.0,
            )
        } else {
            (f64::from(i * 37 % 2000), f64::from(i * 53 % 2000))
        };
        text.push_str(&format!("{x},{y},{}\n", 19_000.0 + f64::from(i) * 0.6));
    }
    std::fs::write(&csv, text).unwrap();
    let no_store = dir.path().join("none.db");
    let input = |analysis: &str, extra: &[&str]| {
        let mut args = vec![
            "analyse",
            analysis,
            "--input",
            csv.to_str().unwrap(),
            "--x",
            "x",
            "--y",
            "y",
            "--t",
            "t",
        ];
        args.extend_from_slice(extra);
        ok(atalaya(&no_store, &args))
    };
    let kde = json(&input("kde", &["--cell", "100", "--format", "json"]));
    assert_eq!(kde["grid"]["plane"], serde_json::Value::Null);
    let counted: u64 = kde["cells"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["count"].as_u64().unwrap())
        .sum();
    assert_eq!(counted, 200);
    let gj = json(&input(
        "hotspots",
        &["--cell", "200", "--format", "geojson"],
    ));
    // Planar input keeps planar coordinates.
    assert!(
        gj["features"][0]["geometry"]["coordinates"][0][0][0]
            .as_f64()
            .unwrap()
            >= 0.0
    );
    let knox = json(&input(
        "knox",
        &[
            "--delta",
            "50",
            "--tau",
            "3",
            "--permutations",
            "19",
            "--format",
            "json",
        ],
    ));
    assert_eq!(knox["test"]["n"], 200);
    input("rhythm", &[]);
    let cs = input("compstat", &["--format", "csv"]);
    assert!(
        cs.stdout
            .lines()
            .nth(1)
            .unwrap()
            .starts_with("total,total,todos,"),
        "{}",
        cs.stdout
    );
    input("forecast", &["--weeks", "4", "--cell", "200"]);
    assert!(!no_store.exists(), "--input never opens or creates a store");
    let r = atalaya(
        &no_store,
        &[
            "analyse",
            "kde",
            "--input",
            csv.to_str().unwrap(),
            "--x",
            "x",
        ],
    );
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("invalid --y `(missing)`"), "{}", r.stderr);
}
