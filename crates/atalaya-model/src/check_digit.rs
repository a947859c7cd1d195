//! The *módulo 11* check digit of Chilean identifiers (RUT/RUN, and the Ministerio Público's
//! RUC as `atalaya-ingest`'s `ruc.rs` checks it): the digits are multiplied from the right by
//! 2, 3, 4, 5, 6, 7, 2, 3, …; the check digit is `11 − (sum mod 11)`, written `0` when that is
//! 11 and `K` when it is 10. One function for the reader that checks and the demo that writes.

/// The módulo-11 check digit of `digits` (ASCII digits only; anything else is ignored).
pub fn mod11_check_digit(digits: &str) -> char {
    let sum: u32 = digits
        .bytes()
        .rev()
        .filter(u8::is_ascii_digit)
        .zip([2u32, 3, 4, 5, 6, 7].into_iter().cycle())
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    match 11 - sum % 11 {
        11 => '0',
        10 => 'K',
        d => char::from_digit(d, 10).unwrap_or('0'),
    }
}
