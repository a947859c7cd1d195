//! The analyses on a real encrypted demo store: what the API reads (projection, times,
//! counts) agrees with the store, and each analysis gives a result that holds together.

use std::collections::HashMap;

use atalaya::analysis::areas::AreaLevel;
use atalaya::analysis::grid::{KdeParams, StudyGrid, hotspot_layer, kde_layer};
use atalaya::analysis::nearrepeat::{KnoxParams, near_repeat};
use atalaya::analysis::prospective::{ForecastParams, forecast_layer};
use atalaya::analysis::render::Render;
use atalaya::analysis::temporal::{compstat_of, rhythm};
use atalaya::analysis::{AnalysisData, Bandwidth, CsvInput, Kernel, LocalPlane, WeightsSpec};
use atalaya::incidents::Page;
use atalaya::{DemoConfig, FilterArgs, OpenOptions, Workspace};
use atalaya_analysis::calendar::days_from_civil;
use atalaya_analysis::compstat::periods;
use geo::{Distance, Geodesic};

/// A demo store: 4 000 incidents over two years from 2023-01-01.
fn demo(dir: &tempfile::TempDir) -> Workspace {
    let opts = OpenOptions::new(dir.path().join("atalaya.db"))
        .with_passphrase(Some("clave de prueba".into()));
    let mut ws = Workspace::create(&opts).unwrap();
    let config = DemoConfig {
        seed: 3,
        incidents: 4_000,
        start: chrono::NaiveDate::from_ymd_opt(2023, 1, 1).unwrap(),
        days: 730,
    };
    ws.load_demo(&config, &mut |_, _| {}).unwrap();
    ws
}

#[test]
fn given_the_comuna_when_projected_then_distances_are_within_0_04_percent_of_geodesic() {
    // Providencia's extent, roughly: corners and centre.
    let plane = LocalPlane::centred_on(-70.61, -33.43);
    let pts = [
        (-70.64, -33.455),
        (-70.58, -33.455),
        (-70.64, -33.405),
        (-70.58, -33.405),
        (-70.61, -33.43),
    ];
    for a in pts {
        for b in pts {
            if a == b {
                continue;
            }
            let geodesic = Geodesic.distance(geo::Point::new(a.0, a.1), geo::Point::new(b.0, b.1));
            let (pa, pb) = (plane.project(a.0, a.1), plane.project(b.0, b.1));
            let planar = (pa.0 - pb.0).hypot(pa.1 - pb.1);
            let err = (planar - geodesic).abs();
            assert!(
                err < 3.0 && err / geodesic < 4e-4,
                "{a:?}–{b:?}: {planar} vs {geodesic}"
            );
        }
    }
    let (x, y) = plane.project(-70.6, -33.44);
    let back = plane.unproject(x, y);
    assert!((back.0 + 70.6).abs() < 1e-12 && (back.1 + 33.44).abs() < 1e-12);
}

#[test]
fn given_a_demo_store_when_analysis_data_then_every_incident_with_its_local_hour_and_weekday() {
    let dir = tempfile::tempdir().unwrap();
    let ws = demo(&dir);
    let args = FilterArgs {
        categories: vec!["dmcs".into()],
        ..FilterArgs::default()
    };
    let data = ws.analysis_data(&args).unwrap();
    let filter = ws.parse_filter(&args).unwrap();
    assert_eq!(
        data.events.len() as u64,
        ws.count_incidents(&filter).unwrap()
    );
    assert_eq!(data.unlocated, 0);
    let mut listed = Vec::new();
    ws.for_each_incident(&filter, Page::default(), |r| {
        listed.push(r.occurred_at);
        Ok(())
    })
    .unwrap();
    // `occurred_at` is local ISO-8601: YYYY-MM-DDTHH:MM:SS±HH:MM.
    for (i, at) in listed.iter().enumerate().step_by(97) {
        let date = chrono::NaiveDate::parse_from_str(&at[..10], "%Y-%m-%d").unwrap();
        let hour: u8 = at[11..13].parse().unwrap();
        let times = data.times.as_ref().unwrap();
        assert_eq!(times[i].hour, hour, "{at}");
        assert_eq!(
            times[i].weekday as u32,
            chrono::Datelike::weekday(&date).num_days_from_monday()
        );
        let day = days_from_civil(
            chrono::Datelike::year(&date),
            chrono::Datelike::month(&date),
            chrono::Datelike::day(&date),
        );
        assert_eq!(data.events[i].t.floor() as i32, day, "{at}");
    }
    assert!(data.study_area.is_some());
}

#[test]
fn given_a_demo_store_when_kde_and_grid_hotspots_then_counts_add_up_and_hot_spots_show() {
    let dir = tempfile::tempdir().unwrap();
    let ws = demo(&dir);
    let data = ws.analysis_data(&FilterArgs::default()).unwrap();
    let grid = StudyGrid::new(&data, 100.0).unwrap();
    // Providencia is about 14.4 km²: some 1 400 cells of a hectare.
    assert!(
        (1_300..1_600).contains(&grid.cells.len()),
        "{}",
        grid.cells.len()
    );
    let params = KdeParams {
        cell: 100.0,
        bandwidth: Bandwidth::Fixed(250.0),
        kernel: Kernel::Quartic,
    };
    let layer = kde_layer(&data, &params).unwrap();
    let counted: usize = layer.cells.iter().map(|c| c.count as usize).sum();
    assert_eq!(counted + layer.outside, data.events.len());
    assert_eq!(layer.bandwidth, Some(250.0));
    let top = layer
        .cells
        .iter()
        .max_by(|a, b| {
            a.intensity_per_km2
                .unwrap()
                .total_cmp(&b.intensity_per_km2.unwrap())
        })
        .unwrap();
    assert!(top.count > 0);
    let hot = hotspot_layer(&data, 200.0, WeightsSpec::Queen).unwrap();
    assert!(
        hot.cells.iter().any(|c| c.class_fdr == Some(3)),
        "the demo's hot spots"
    );
    // GeoJSON: one closed square per studied cell, in WGS84 around Providencia.
    let gj = hot.geojson().unwrap();
    let features = gj["features"].as_array().unwrap();
    assert_eq!(features.len(), hot.cells.len());
    let ring = features[0]["geometry"]["coordinates"][0]
        .as_array()
        .unwrap();
    assert_eq!(ring.len(), 5);
    assert_eq!(ring[0], ring[4]);
    let lon = ring[0][0].as_f64().unwrap();
    assert!((-70.7..-70.5).contains(&lon));
}

#[test]
fn given_cuadrantes_when_area_hotspots_then_contiguity_from_polygons_and_counts_from_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let ws = demo(&dir);
    let queen = ws
        .area_hotspots(
            &FilterArgs::default(),
            AreaLevel::Cuadrante,
            WeightsSpec::Queen,
        )
        .unwrap();
    let rook = ws
        .area_hotspots(
            &FilterArgs::default(),
            AreaLevel::Cuadrante,
            WeightsSpec::Rook,
        )
        .unwrap();
    let total = ws.count_incidents(&Default::default()).unwrap();
    let counted: u64 = queen.areas.iter().map(|a| a.count).sum();
    assert!(
        counted <= total && counted > total * 9 / 10,
        "{counted} of {total}"
    );
    let by_code: HashMap<&str, &Vec<String>> = queen
        .areas
        .iter()
        .map(|a| (a.code.as_str(), &a.neighbours))
        .collect();
    for (a, r) in queen.areas.iter().zip(&rook.areas) {
        assert!(!a.neighbours.is_empty(), "{} has no neighbour", a.code);
        for n in &a.neighbours {
            assert!(
                by_code[n.as_str()].contains(&a.code),
                "{} ~ {n} not symmetric",
                a.code
            );
        }
        // A shared edge is also a shared point.
        assert!(r.neighbours.iter().all(|n| a.neighbours.contains(n)));
    }
    let barrios = ws
        .area_hotspots(
            &FilterArgs::default(),
            AreaLevel::Barrio,
            WeightsSpec::Knn(3),
        )
        .unwrap();
    assert!(barrios.areas.iter().all(|a| a.neighbours.len() == 3));
}

#[test]
fn given_the_demo_near_repeats_when_knox_then_close_pairs_exceed_chance_and_chains_are_found() {
    let dir = tempfile::tempdir().unwrap();
    let ws = demo(&dir);
    let data = ws.analysis_data(&FilterArgs::default()).unwrap();
    let params = KnoxParams {
        delta: vec![100.0, 200.0],
        tau: vec![7.0, 14.0],
        permutations: 19,
        seed: 1,
    };
    let nr = near_repeat(&data, &params).unwrap();
    assert_eq!(nr.test.n, data.events.len());
    assert_eq!(nr.table.cells.len(), 4);
    assert_eq!(nr.table.cell(0, 0).observed, nr.test.observed);
    // The test reuses the table's first cell: the same as running it on its own.
    let alone = atalaya_analysis::knox_test(
        &data.events,
        100.0,
        7.0,
        atalaya_analysis::Permutations { count: 19, seed: 1 },
    )
    .unwrap();
    assert_eq!(nr.test, alone);
    assert!(!nr.chains.is_empty());
    for c in &nr.chains {
        assert!(c.events.len() >= 2);
        assert!(c.events.windows(2).all(|w| w[0].t <= w[1].t));
    }
    let gj = nr.geojson().unwrap();
    assert_eq!(gj["features"].as_array().unwrap().len(), nr.chains.len());
    assert_eq!(gj["features"][0]["geometry"]["type"], "LineString");
}

#[test]
fn given_two_years_when_rhythm_then_table_totals_and_a_seasonal_index() {
    let dir = tempfile::tempdir().unwrap();
    let ws = demo(&dir);
    let dates = FilterArgs {
        from: Some("2023-01-01".into()),
        to: Some("2025-01-01".into()),
        ..FilterArgs::default()
    };
    let data = ws.analysis_data(&dates).unwrap();
    let r = rhythm(&data).unwrap();
    assert_eq!(r.hour_weekday.total as usize, data.events.len());
    let monthly = r.monthly.unwrap();
    assert_eq!(monthly.months.len(), 24);
    assert_eq!((monthly.months[0].year, monthly.months[0].month), (2023, 1));
    let index = monthly.seasonal_index.unwrap();
    assert!((index.iter().sum::<f64>() - 12.0).abs() < 1e-9);
    // Without dates, only the months the events cover whole: not more.
    let all = rhythm(&ws.analysis_data(&FilterArgs::default()).unwrap()).unwrap();
    assert!(all.monthly.unwrap().months.len() <= 24);
}

/// Per category and in total: (current, previous) counts of one period.
type PeriodCounts = (HashMap<String, (u64, u64)>, (u64, u64));

/// CompStat's periods counted incident by incident, to compare with the rollup reads.
fn brute_force(ws: &Workspace, end: i32) -> Vec<PeriodCounts> {
    let ps = periods(end);
    let mut out = vec![(HashMap::new(), (0, 0)); 3];
    ws.for_each_incident(
        &ws.parse_filter(&FilterArgs::default()).unwrap(),
        Page::default(),
        |r| {
            let date = chrono::NaiveDate::parse_from_str(&r.occurred_at[..10], "%Y-%m-%d").unwrap();
            let day = days_from_civil(
                chrono::Datelike::year(&date),
                chrono::Datelike::month(&date),
                chrono::Datelike::day(&date),
            );
            for (p, period) in ps.iter().enumerate() {
                let side = if (period.current.0..period.current.1).contains(&day) {
                    0
                } else if (period.previous.0..period.previous.1).contains(&day) {
                    1
                } else {
                    continue;
                };
                let (by, total) = &mut out[p];
                let entry: &mut (u64, u64) = by.entry(r.category.clone()).or_default();
                if side == 0 {
                    entry.0 += 1;
                    total.0 += 1;
                } else {
                    entry.1 += 1;
                    total.1 += 1;
                }
            }
            Ok(())
        },
    )
    .unwrap();
    out
}

#[test]
fn given_a_demo_store_when_compstat_then_the_rollup_reads_equal_counting_every_incident() {
    let dir = tempfile::tempdir().unwrap();
    let ws = demo(&dir);
    // A report ending on a Thursday in March 2024: YTD crosses February 29.
    let args = FilterArgs {
        to: Some("2024-03-08".into()),
        ..FilterArgs::default()
    };
    let report = ws.compstat(&args).unwrap();
    assert_eq!(
        report.periods[2].current,
        ("2024-01-01".to_string(), "2024-03-07".to_string())
    );
    assert_eq!(
        report.periods[2].previous,
        ("2023-01-01".to_string(), "2023-03-07".to_string())
    );
    let expected = brute_force(&ws, days_from_civil(2024, 3, 8));
    for (p, (by, total)) in expected.iter().enumerate() {
        let c = &report.total[p];
        assert_eq!((c.current, c.previous), *total, "period {p}");
        for k in &report.by_category {
            let want = by.get(&k.code).copied().unwrap_or_default();
            let got = (k.comparisons[p].current, k.comparisons[p].previous);
            assert_eq!(got, want, "{} period {p}", k.code);
        }
        let cuad: u64 = report
            .by_cuadrante
            .iter()
            .map(|k| k.comparisons[p].current)
            .sum();
        assert_eq!(cuad, c.current);
    }
    let e = ws
        .compstat(&FilterArgs {
            from: Some("2024-01-01".into()),
            ..FilterArgs::default()
        })
        .unwrap_err();
    assert_eq!(e.code(), "invalid_argument");
    assert!(
        e.to_string().contains("CompStat sets its own periods"),
        "{e}"
    );
}

#[test]
fn given_a_demo_store_when_forecast_then_eight_held_out_weeks_with_scores_in_bounds() {
    let dir = tempfile::tempdir().unwrap();
    let ws = demo(&dir);
    let data = ws.analysis_data(&FilterArgs::default()).unwrap();
    let f = forecast_layer(&data, 100.0, None, ForecastParams::default()).unwrap();
    assert_eq!(f.evaluation.weeks.len(), 8);
    let flagged = f.cells.iter().filter(|c| c.flagged).count();
    assert_eq!(flagged, (0.05 * f.cells.len() as f64).ceil() as usize);
    for w in &f.evaluation.weeks {
        for s in [&w.prospective, &w.baseline] {
            assert!(s.hits <= s.best_possible && s.best_possible <= s.events);
            if let Some(pai) = s.pai {
                assert!(pai <= s.study_cells as f64 / s.flagged_cells as f64 + 1e-9);
            }
        }
    }
    let text: String = f
        .summary()
        .iter()
        .map(|(t, _)| t.clone())
        .collect::<Vec<_>>()
        .join(",");
    assert!(text.contains("prospective vs baseline"));
}

#[test]
fn given_a_csv_of_planar_points_when_analysed_then_it_reads_columns_and_needs_t_for_time() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("points.csv");
    std::fs::write(
        &path,
        "id;x;y;t\n1;0;0;0.5\n2;50;0;3.25\n3;0;120;1\n4;1000;0;2\n",
    )
    .unwrap();
    let input = CsvInput {
        path: path.clone(),
        x: "x".into(),
        y: "y".into(),
        t: Some("t".into()),
    };
    let data = AnalysisData::from_csv(&input).unwrap();
    assert_eq!(data.events.len(), 4);
    assert_eq!(data.events[1].t, 3.25);
    // Day 3 is a Sunday (1970-01-04), 06:00.
    assert_eq!(data.times.as_ref().unwrap()[1].weekday, 6);
    assert_eq!(data.times.as_ref().unwrap()[1].hour, 6);
    let nr = near_repeat(
        &data,
        &KnoxParams {
            delta: vec![100.0],
            tau: vec![7.0],
            permutations: 9,
            seed: 1,
        },
    )
    .unwrap();
    assert_eq!((nr.test.space_pairs, nr.test.observed), (1, 1));
    let cs = compstat_of(&data, None).unwrap();
    assert_eq!(cs.total[0].current, 4);
    let no_time = AnalysisData::from_csv(&CsvInput {
        t: None,
        ..input.clone()
    })
    .unwrap();
    let e = rhythm(&no_time).unwrap_err().to_string();
    assert!(e.contains("pass --t COL with --input"), "{e}");
    let e = AnalysisData::from_csv(&CsvInput {
        x: "este".into(),
        ..input
    })
    .unwrap_err()
    .to_string();
    assert!(
        e.contains("invalid --x `este`") && e.contains("id, x, y, t"),
        "{e}"
    );
}
