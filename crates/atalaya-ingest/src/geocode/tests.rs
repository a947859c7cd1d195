use super::*;
use atalaya_model::Street;
use gazetteer::to_metres;

fn street(name: &str, from: Metres, to: Metres, numbers: Option<(u32, u32)>) -> Street {
    Street {
        name: name.into(),
        main_axis: true,
        line: vec![to_degrees(from), to_degrees(to)],
        number_from: numbers.map(|n| n.0),
        number_to: numbers.map(|n| n.1),
    }
}

/// An east-bound avenue numbered 100..1100 over 1 km; a north-bound street crossing it at
/// x = 400 m; a parallel street that never meets the avenue.
fn city() -> Gazetteer {
    Gazetteer::new(&[
        street(
            "Avenida Providencia",
            [0.0, 0.0],
            [1000.0, 0.0],
            Some((100, 1100)),
        ),
        street("Los Leones", [400.0, -300.0], [400.0, 300.0], None),
        street("Calle Suecia", [0.0, 500.0], [1000.0, 500.0], None),
        street(
            "Avenida Presidente Errázuriz",
            [0.0, -900.0],
            [1000.0, -900.0],
            Some((1, 999)),
        ),
    ])
}

fn near(p: GeoPoint, m: Metres, within: f64) -> bool {
    dist(to_metres(p), m) <= within
}

#[test]
fn numbered_address_is_interpolated_on_the_right_side() {
    let g = city();
    let odd = g.geocode("Av. Providencia 601").unwrap();
    assert_eq!(odd.precision, Precision::Interpolated);
    assert_eq!(odd.street, "Avenida Providencia");
    assert!(
        near(odd.point, [501.0, SIDE_OFFSET_M], 0.5),
        "{:?}",
        to_metres(odd.point)
    );
    let even = g.geocode("AVENIDA PROVIDENCIA #600, depto 12").unwrap();
    assert!(
        near(even.point, [500.0, -SIDE_OFFSET_M], 0.5),
        "{:?}",
        to_metres(even.point)
    );
}

#[test]
fn abbreviations_typos_and_missing_street_type_still_match() {
    let g = city();
    let a = g.geocode("Pdte. Errazuriz 500").unwrap();
    assert_eq!(a.street, "Avenida Presidente Errázuriz");
    assert_eq!(a.similarity, 1.0);
    let typo = g.geocode("Av. Providenica 601").unwrap();
    assert_eq!(typo.street, "Avenida Providencia");
    assert!(typo.similarity < 1.0 && typo.similarity >= gazetteer::MIN_SIMILARITY);
}

#[test]
fn intersection_is_exact_at_the_crossing() {
    let g = city();
    for text in [
        "Los Leones con Av. Providencia",
        "Providencia esq. Los Leones",
        "los leones / providencia",
    ] {
        let r = g.geocode(text).unwrap();
        assert_eq!(r.precision, Precision::Exact, "{text}");
        assert!(
            near(r.point, [400.0, 0.0], 0.5),
            "{text}: {:?}",
            to_metres(r.point)
        );
    }
    assert_eq!(
        g.geocode("Suecia con Providencia"),
        Err(GeocodeError::NoCrossing(
            "Calle Suecia".into(),
            "Avenida Providencia".into()
        ))
    );
}

#[test]
fn street_alone_or_out_of_range_number_is_street_only_at_its_middle() {
    let g = city();
    for text in ["Los Leones s/n", "Los Leones", "Avenida Providencia 98000"] {
        let r = g.geocode(text).unwrap();
        assert_eq!(r.precision, Precision::StreetOnly, "{text}");
    }
    assert!(near(
        g.geocode("Los Leones").unwrap().point,
        [400.0, 0.0],
        0.5
    ));
}

#[test]
fn unknown_streets_and_non_addresses_fail_with_the_reason() {
    let g = city();
    assert_eq!(
        g.geocode("Calle Inexistente 123"),
        Err(GeocodeError::UnknownStreet("Calle Inexistente 123".into()))
    );
    assert_eq!(g.geocode("1234"), Err(GeocodeError::NoStreet));
    assert_eq!(g.geocode(""), Err(GeocodeError::NoStreet));
    assert!(Gazetteer::new(&[]).geocode("Providencia 100").is_err());
}
