//! What an address asks for: a street and house number, an intersection (`X con Y`), or a
//! street alone (`s/n`, no number).

use super::normalize::words;

/// An address, read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AddressQuery {
    /// `Avenida Providencia 1234`.
    Number {
        /// The street's words.
        street: Vec<String>,
        /// The house number.
        number: u32,
    },
    /// `Los Leones con Providencia`, `Suecia esq. Providencia`, `Lyon / Providencia`.
    Intersection {
        /// One street's words.
        a: Vec<String>,
        /// The other's.
        b: Vec<String>,
    },
    /// A street without a usable number.
    Street {
        /// The street's words.
        street: Vec<String>,
    },
}

/// Words that join the two streets of an intersection.
const CROSSING: &[&str] = &["con", "esquina", "esq", "/", "&"];
/// Words that begin the part of an address inside a building (`depto 501`, `of. 3`).
const UNIT_WORDS: &[&str] = &[
    "depto",
    "dpto",
    "departamento",
    "of",
    "oficina",
    "local",
    "casa",
    "block",
    "torre",
    "piso",
];
/// Words that may stand before a house number.
const NUMBER_MARKS: &[&str] = &["#", "n", "no", "nro", "num", "numero"];

/// Read `text` as an address; `None` when it names no street at all. Whatever follows a comma
/// (`, depto 5`, `, Providencia`) or the house number (`depto`, `of.`, `local`) is dropped.
pub fn parse(text: &str) -> Option<AddressQuery> {
    let main = text
        .split([',', ';'])
        .find(|p| p.chars().any(char::is_alphabetic))?;
    let mut w = words(main);
    if let Some(i) = w.iter().position(|x| UNIT_WORDS.contains(&x.as_str())) {
        w.truncate(i);
    }
    if let Some(i) = w.iter().position(|x| CROSSING.contains(&x.as_str()))
        && i > 0
        && i + 1 < w.len()
    {
        let a = strip_number(&w[..i]);
        let b = strip_number(&w[i + 1..]);
        if !a.is_empty() && !b.is_empty() {
            return Some(AddressQuery::Intersection { a, b });
        }
    }
    // The last number: `Avenida 11 de Septiembre 1234` is number 1234 of a street with a number
    // in its name (the gazetteer retries the whole text as a name when this reading fails).
    match w.iter().rposition(|x| is_number(x)) {
        Some(i) if i > 0 => {
            let street = trim_marks(&w[..i]);
            let number = w[i].parse().ok()?;
            (!street.is_empty()).then_some(AddressQuery::Number { street, number })
        }
        _ => {
            let street = strip_number(&w);
            (!street.is_empty()).then_some(AddressQuery::Street { street })
        }
    }
}

fn is_number(w: &str) -> bool {
    !w.is_empty() && w.len() <= 6 && w.bytes().all(|b| b.is_ascii_digit()) && w != "0"
}

/// The street part of words: up to a number or `s/n`, without a trailing number mark.
fn strip_number(w: &[String]) -> Vec<String> {
    let end = w
        .iter()
        .position(|x| is_number(x))
        .or_else(|| {
            w.windows(3)
                .position(|t| t[0] == "s" && t[1] == "/" && t[2] == "n")
        })
        .unwrap_or(w.len());
    trim_marks(&w[..end])
}

fn trim_marks(w: &[String]) -> Vec<String> {
    let mut v = w.to_vec();
    while v.last().is_some_and(|x| NUMBER_MARKS.contains(&x.as_str())) {
        v.pop();
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ws(s: &str) -> Vec<String> {
        s.split(' ').map(String::from).collect()
    }

    #[test]
    fn street_and_number_in_the_forms_analysts_meet() {
        for text in [
            "Av. Providencia 1234",
            "AVENIDA PROVIDENCIA #1234",
            "Avda Providencia N° 1.234, depto 501",
            "avenida providencia nro 1234 local 3",
            "Avenida Providencia 1234 Of. 56",
        ] {
            assert_eq!(
                parse(text),
                Some(AddressQuery::Number {
                    street: ws("avenida providencia"),
                    number: 1234
                }),
                "{text}"
            );
        }
    }

    #[test]
    fn intersections_and_streets_alone() {
        for text in [
            "Los Leones con Av. Providencia",
            "Los Leones esq. Providencia",
            "Los Leones / Providencia",
        ] {
            let Some(AddressQuery::Intersection { a, b }) = parse(text) else {
                panic!("{text}: {:?}", parse(text));
            };
            assert_eq!(a, ws("los leones"), "{text}");
            assert!(b.ends_with(&ws("providencia")), "{text}");
        }
        assert_eq!(
            parse("Pedro de Valdivia s/n"),
            Some(AddressQuery::Street {
                street: ws("pedro de valdivia")
            })
        );
        assert_eq!(
            parse("Avenida 11 de Septiembre 2155"),
            Some(AddressQuery::Number {
                street: ws("avenida 11 de septiembre"),
                number: 2155
            })
        );
        assert_eq!(parse("1234"), None);
        assert_eq!(parse(""), None);
        assert_eq!(parse(", , "), None);
    }
}
