//! The guesses a draft is made of: encoding, delimiter, which column holds a field, the
//! coordinate columns and system, date forms, and a category code for a source's text.

use chrono::{NaiveDate, NaiveDateTime};

use crate::values::{fold, parse_number};

/// Candidate date forms, most specific first; day-first before month-first (Chilean usage).
pub(super) const DATE_FORMS: &[&str] = &[
    "%d-%m-%Y %H:%M:%S",
    "%d-%m-%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%m/%d/%Y %I:%M:%S %p",
    "%m/%d/%Y %I:%M %p",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %H:%M",
    "%d-%m-%Y",
    "%d/%m/%Y",
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%m/%d/%Y",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y",
];

pub(super) fn guess_encoding(bytes: &[u8]) -> &'static str {
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return "utf-8";
    }
    match std::str::from_utf8(bytes) {
        Ok(_) => "utf-8",
        // A sample cut inside a multi-byte character is still UTF-8.
        Err(e) if e.error_len().is_none() => "utf-8",
        Err(_) => "windows-1252",
    }
}

pub(super) fn guess_delimiter(text: &str) -> u8 {
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(50)
        .collect();
    let mut best = (b',', 0.0);
    for d in [b',', b';', b'\t', b'|'] {
        let counts: Vec<usize> = lines
            .iter()
            .map(|l| l.bytes().filter(|b| *b == d).count())
            .collect();
        let Some(&first) = counts.first() else {
            continue;
        };
        if first == 0 {
            continue;
        }
        let agree = counts.iter().filter(|c| **c == first).count() as f64 / counts.len() as f64;
        let score = agree * first as f64;
        if score > best.1 {
            best = (d, score);
        }
    }
    best.0
}

pub(super) fn delimiter_of_label(label: &str) -> u8 {
    match label {
        "tab" => b'\t',
        l => l.bytes().next().unwrap_or(b','),
    }
}

pub(super) fn delimiter_label(d: u8) -> String {
    if d == b'\t' {
        "tab".into()
    } else {
        (d as char).to_string()
    }
}

pub(super) fn best_column(header: &[String], synonyms: &[&str], used: &[bool]) -> Option<usize> {
    let folded: Vec<String> = header
        .iter()
        .map(|h| fold(&h.replace(['_', '.'], " ")))
        .collect();
    let syn: Vec<String> = synonyms
        .iter()
        .map(|s| fold(&s.replace(['_', '.'], " ")))
        .collect();
    let free = |i: &usize| !used[*i];
    // Exact names first, in synonym order; then a header that starts with a synonym word.
    syn.iter()
        .find_map(|s| (0..header.len()).filter(free).find(|&i| folded[i] == *s))
        .or_else(|| {
            syn.iter().find_map(|s| {
                (0..header.len())
                    .filter(free)
                    .find(|&i| folded[i].split(' ').next() == Some(s.as_str()))
            })
        })
}

pub(super) fn guess_coordinates<'a, I>(
    header: &[String],
    used: &[bool],
    decimal_comma: bool,
    column: &dyn Fn(usize) -> I,
) -> Option<(&'static str, usize, usize)>
where
    I: Iterator<Item = &'a str>,
{
    let mut lon = None;
    let mut lat = None;
    let mut east = None;
    let mut north = None;
    for i in (0..header.len()).filter(|i| !used[*i]) {
        let values: Vec<f64> = column(i)
            .take(200)
            .filter_map(|v| parse_number(v, decimal_comma))
            .collect();
        let total = column(i).take(200).count();
        if values.is_empty() || values.len() * 10 < total * 9 {
            continue;
        }
        let mean = values.iter().sum::<f64>() / values.len() as f64;
        let all = |r: std::ops::Range<f64>| values.iter().all(|v| r.contains(v));
        if all(-180.0..180.0) && (-76.0..-66.0).contains(&mean) && lon.is_none() {
            lon = Some(i);
        } else if all(-90.0..90.0) && (-56.0..-17.0).contains(&mean) && lat.is_none() {
            lat = Some(i);
        } else if all(100_000.0..900_000.0) && east.is_none() {
            east = Some(i);
        } else if all(1_000_000.0..10_000_000.0) && north.is_none() {
            north = Some(i);
        }
    }
    match (lon, lat, east, north) {
        (Some(x), Some(y), _, _) => Some(("EPSG:4326", x, y)),
        (_, _, Some(x), Some(y)) => Some(("EPSG:32719", x, y)),
        _ => None,
    }
}

pub(super) fn parses(form: &str, sample: &str) -> bool {
    NaiveDateTime::parse_from_str(sample, form).is_ok()
        || NaiveDate::parse_from_str(sample, form).is_ok()
}

pub(super) fn guess_date_forms(samples: &[String]) -> Vec<String> {
    let samples: Vec<&str> = samples
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect();
    if samples.is_empty() {
        return Vec::new();
    }
    let mut scored: Vec<(usize, usize)> = DATE_FORMS
        .iter()
        .enumerate()
        .map(|(i, f)| (i, samples.iter().filter(|s| parses(f, s)).count()))
        .filter(|(_, n)| *n * 10 >= samples.len() * 9)
        .collect();
    scored.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut out: Vec<String> = scored
        .iter()
        .take(2)
        .map(|(i, _)| DATE_FORMS[*i].to_string())
        .collect();
    // When the leading form has a time, also accept its date-only form for rows without one.
    if let Some(date_part) = out
        .first()
        .and_then(|f| f.split(' ').next())
        .map(str::to_string)
        && !out.contains(&date_part)
        && DATE_FORMS.contains(&date_part.as_str())
    {
        out.push(date_part);
    }
    out
}

pub(super) fn ambiguous_day_month(formats: &[String], samples: &[String]) -> bool {
    let Some(first) = formats.first() else {
        return false;
    };
    if !first.starts_with("%d") {
        return false;
    }
    let swapped = first
        .replacen("%d", "%X", 1)
        .replacen("%m", "%d", 1)
        .replacen("%X", "%m", 1);
    samples.iter().all(|s| parses(&swapped, s.trim()))
}

/// A taxonomy code for a source category text, by Spanish and English keywords.
pub fn guess_category(text: &str) -> Option<&'static str> {
    let t = fold(text).replace(['_', '-', '/'], " ");
    let has = |words: &[&str]| words.iter().any(|w| t.contains(w));
    let robo = has(&["robo", "asalto", "robbery", "lanzazo"]);
    Some(if has(&["violacion", "rape", "sexual assault"]) {
        "dmcs.violacion"
    } else if has(&["homicid", "murder"]) {
        "dmcs.homicidio"
    } else if has(&["intrafamiliar", "vif", "domestic"]) {
        "vif.violencia_intrafamiliar"
    } else if has(&["sorpresa", "lanzazo", "snatch"]) {
        "dmcs.robo_sorpresa"
    } else if has(&["accesorio", "from vehicle", "from auto", "desde vehiculo"]) {
        "dmcs.robo_accesorios_vehiculo"
    } else if (robo && has(&["vehiculo", "auto", "automovil"]))
        || has(&["vehicle theft", "motor vehicle", "car theft"])
    {
        "dmcs.robo_vehiculo"
    } else if has(&[
        "no habitado",
        "comercio robado",
        "commercial burglary",
        "non residential",
    ]) {
        "dmcs.robo_lugar_no_habitado"
    } else if has(&[
        "lugar habitado",
        "domicilio",
        "casa",
        "burglary",
        "residential",
        "vivienda",
    ]) {
        "dmcs.robo_lugar_habitado"
    } else if has(&["violencia", "intimidacion", "asalto", "robbery", "armed"]) && robo {
        "dmcs.robo_violencia"
    } else if has(&["hurto", "larceny", "theft", "shoplifting"]) {
        "dmcs.hurto"
    } else if has(&["lesion", "agresion", "assault", "battery"]) {
        "dmcs.lesiones"
    } else if has(&["amenaza", "threat"]) {
        "inc.amenazas"
    } else if has(&["ambulante", "vendor", "peddl"]) {
        "inc.comercio_ambulante"
    } else if has(&["consumo", "alcohol", "drinking", "intoxica"]) {
        "inc.consumo_via_publica"
    } else if has(&["dano", "rayado", "vandal", "damage", "graffiti", "mischief"]) {
        "inc.danos"
    } else if has(&["ruido", "noise"]) {
        "inc.ruidos_molestos"
    } else if has(&["desorden", "rina", "pelea", "disorder", "fight", "disturb"]) {
        "inc.desordenes"
    } else if has(&["droga", "drug", "narcot", "estupefaciente"]) {
        "ley.drogas"
    } else if has(&["arma", "weapon", "firearm"]) {
        "ley.armas"
    } else if has(&["receptacion", "stolen property"]) {
        "otr.receptacion"
    } else {
        return None;
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiter_is_the_consistently_frequent_one() {
        assert_eq!(guess_delimiter("a;b;c\n1;2,5;3\n4;5;6\n"), b';');
        assert_eq!(guess_delimiter("a\tb\n1\t2\n"), b'\t');
        assert_eq!(guess_delimiter("a,b,c\n1,2,3\n"), b',');
    }

    #[test]
    fn encoding_from_bom_and_validity() {
        assert_eq!(guess_encoding(b"\xEF\xBB\xBFa,b"), "utf-8");
        assert_eq!(guess_encoding("año".as_bytes()), "utf-8");
        assert_eq!(guess_encoding(b"a\xf1o"), "windows-1252");
    }

    #[test]
    fn date_forms_come_from_samples() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(
            guess_date_forms(&s(&["2024-03-01 21:15:00", "2024-03-02 08:00:00"]))[0],
            "%Y-%m-%d %H:%M:%S"
        );
        assert_eq!(
            guess_date_forms(&s(&["03/15/2024 09:30:00 PM"]))[0],
            "%m/%d/%Y %I:%M:%S %p"
        );
        assert_eq!(
            guess_date_forms(&s(&["15-03-2024 21:15"]))[0],
            "%d-%m-%Y %H:%M"
        );
    }

    #[test]
    fn categories_by_keyword() {
        for (text, code) in [
            ("ROBO CON VIOLENCIA", Some("dmcs.robo_violencia")),
            ("Robbery - Armed", Some("dmcs.robo_violencia")),
            ("Theft from vehicle", Some("dmcs.robo_accesorios_vehiculo")),
            ("Hurto simple", Some("dmcs.hurto")),
            ("Noise complaint", Some("inc.ruidos_molestos")),
            ("Lost property", None),
        ] {
            assert_eq!(guess_category(text), code, "{text}");
        }
    }
}
