//! Address text to comparable words: accents and case folded, punctuation dropped, the usual
//! Chilean abbreviations (`Av.`, `Pdte.`, `Gral.`, `Sta.`, …) written out.

use crate::values::fold;

/// Abbreviation → the word it stands for (after folding; a trailing `.` is ignored).
const ABBREVIATIONS: &[(&str, &str)] = &[
    ("av", "avenida"),
    ("avda", "avenida"),
    ("avd", "avenida"),
    ("ave", "avenida"),
    ("pdte", "presidente"),
    ("pte", "presidente"),
    ("gral", "general"),
    ("sta", "santa"),
    ("sto", "santo"),
    ("nva", "nueva"),
    ("pje", "pasaje"),
    ("psje", "pasaje"),
    ("dr", "doctor"),
    ("mons", "monsenor"),
    ("cmdte", "comandante"),
    ("cap", "capitan"),
    ("tte", "teniente"),
    ("prof", "profesor"),
    ("ing", "ingeniero"),
    ("hnos", "hermanos"),
    ("mcal", "mariscal"),
    ("alm", "almirante"),
    ("cdte", "comandante"),
    ("sgto", "sargento"),
];

/// Words naming a kind of street, optional when matching (`Providencia 1234` finds
/// `Avenida Providencia`).
pub(crate) const STREET_TYPES: &[&str] = &["avenida", "calle", "pasaje", "camino", "paseo"];

/// The folded words of `text`, punctuation removed and abbreviations expanded. `#`, `/` and
/// `&` are kept as words of their own: they separate numbers and intersections.
pub fn words(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut spaced = String::with_capacity(text.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        let digit_at = |j: Option<usize>| {
            j.and_then(|j| chars.get(j))
                .is_some_and(char::is_ascii_digit)
        };
        match c {
            // A thousands separator: `1.234` is 1234.
            '.' if digit_at(i.checked_sub(1)) && digit_at(Some(i + 1)) => {}
            '#' | '/' | '&' => {
                spaced.push(' ');
                spaced.push(c);
                spaced.push(' ');
            }
            '°' | 'º' | '.' | ',' | ';' | ':' | '"' | '\'' | '(' | ')' | '-' => spaced.push(' '),
            c => spaced.push(c),
        }
    }
    // `Av.` must expand but `s/n` must survive: expansion works per word, after splitting.
    fold(&spaced)
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(|w| {
            ABBREVIATIONS
                .iter()
                .find(|(a, _)| *a == w)
                .map_or_else(|| w.to_string(), |(_, full)| (*full).to_string())
        })
        .collect()
}

/// The words of a street name that identify it: its words without street-type words, joined.
pub(crate) fn street_key(words: &[String]) -> String {
    let kept: Vec<&str> = words
        .iter()
        .map(String::as_str)
        .filter(|w| !STREET_TYPES.contains(w))
        .collect();
    if kept.is_empty() {
        words.join(" ")
    } else {
        kept.join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abbreviations_accents_and_punctuation() {
        assert_eq!(
            words("Av. Pdte. Errázuriz N° 1.234"),
            ["avenida", "presidente", "errazuriz", "n", "1234"]
        );
        assert_eq!(
            words("AVDA. PROVIDENCIA #2200"),
            ["avenida", "providencia", "#", "2200"]
        );
        assert_eq!(words("Los Leones s/n"), ["los", "leones", "s", "/", "n"]);
        assert_eq!(
            street_key(&words("Avenida Nueva Providencia")),
            "nueva providencia"
        );
        assert_eq!(street_key(&words("Pasaje")), "pasaje");
    }
}
