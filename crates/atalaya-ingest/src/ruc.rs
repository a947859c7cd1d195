//! Case numbers of the Chilean Ministerio Público: the RUC (*Rol Único de Causa*), written
//! `2300123456-7` — ten digits (the first two are the year the case was opened), a dash and a
//! check digit.
//!
//! The check digit is computed here with the *módulo 11* rule of the Chilean RUT/RUN: the
//! digits are multiplied from the right by 2, 3, 4, 5, 6, 7, 2, 3, …; the check digit is
//! `11 − (sum mod 11)`, written `0` when that is 11 and `K` when it is 10. That rule is
//! documented for the RUT (Servicio de Registro Civil; the same formula validates licence
//! plates); that the Ministerio Público applies it unchanged to the RUC could not be confirmed
//! from a public source, so a profile can fall back to checking the shape only
//! (`check = "ruc_format"`, see `docs/profiles.md`).

use crate::profile::CaseNumberCheck;

/// What is wrong with a case number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CaseNumberFault {
    /// Not ten digits, a dash and a digit or `K`.
    Shape,
    /// The check digit does not match the number.
    CheckDigit {
        /// The digit the number calls for.
        expected: char,
    },
}

pub use atalaya_model::mod11_check_digit;

/// A RUC in its canonical form (`2300123456-7`, a `k` upper-cased), accepting surrounding
/// spaces and a missing dash (`23001234567`); `None` when the shape is wrong.
pub fn normalize_ruc(text: &str) -> Option<String> {
    let t = text.trim();
    let (number, dv) = match t.split_once('-') {
        Some((n, d)) => (n, d),
        // `split_at_checked`: byte 10 may fall inside a multi-byte character of a bad value.
        None if t.len() == 11 => t.split_at_checked(10)?,
        None => return None,
    };
    let dv = dv.to_ascii_uppercase();
    let shape_ok = number.len() == 10
        && number.bytes().all(|b| b.is_ascii_digit())
        && dv.len() == 1
        && dv.bytes().all(|b| b.is_ascii_digit() || b == b'K');
    shape_ok.then(|| format!("{number}-{dv}"))
}

/// Check a case number as `check` says; returns its canonical form.
pub fn check_case_number(text: &str, check: CaseNumberCheck) -> Result<String, CaseNumberFault> {
    match check {
        CaseNumberCheck::None => {
            let t = text.trim();
            if t.is_empty() {
                Err(CaseNumberFault::Shape)
            } else {
                Ok(t.to_string())
            }
        }
        CaseNumberCheck::RucFormat => normalize_ruc(text).ok_or(CaseNumberFault::Shape),
        CaseNumberCheck::Ruc => {
            let ruc = normalize_ruc(text).ok_or(CaseNumberFault::Shape)?;
            let expected = mod11_check_digit(&ruc[..10]);
            if ruc.ends_with(expected) {
                Ok(ruc)
            } else {
                Err(CaseNumberFault::CheckDigit { expected })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mod11_matches_worked_rut_examples() {
        // Worked examples of the RUT rule: 12.345.678-5 and 15.509.661-6.
        assert_eq!(mod11_check_digit("12345678"), '5');
        assert_eq!(mod11_check_digit("15509661"), '6');
        // Remainder 1 gives K, remainder 0 gives 0.
        assert_eq!(mod11_check_digit("10000013"), 'K');
        assert_eq!(mod11_check_digit("2300123456"), '0');
    }

    #[test]
    fn ruc_shape_and_check_digit() {
        let check = |t: &str| check_case_number(t, CaseNumberCheck::Ruc);
        // 2400123456: 6·2+5·3+4·4+3·5+2·6+1·7+0·2+0·3+4·4+2·5 = 103; 103 mod 11 = 4; 11−4 = 7.
        assert_eq!(check("2400123456-7"), Ok("2400123456-7".into()));
        assert_eq!(check(" 24001234567 "), Ok("2400123456-7".into()));
        // 2300123456 sums to 99 = 9·11: the check digit is 0, so the example fails.
        assert_eq!(
            check("2300123456-7"),
            Err(CaseNumberFault::CheckDigit { expected: '0' })
        );
        assert_eq!(check("2300123456-0"), Ok("2300123456-0".into()));
        for bad in [
            "",
            "240012345-7",
            "24001234567-7",
            "2400I23456-7",
            "2400123456-X",
            // Eleven bytes whose tenth falls inside a character (a panic once).
            "240012345ñ",
            "ñ240012345",
        ] {
            assert_eq!(check(bad), Err(CaseNumberFault::Shape), "{bad}");
        }
        assert_eq!(
            check_case_number("2300123456-7", CaseNumberCheck::RucFormat),
            Ok("2300123456-7".into())
        );
        assert_eq!(
            check_case_number(" A-1 ", CaseNumberCheck::None),
            Ok("A-1".into())
        );
    }
}
