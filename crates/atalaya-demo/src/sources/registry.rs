//! The Fiscalía Local's case register as the prosecutor's office sends it: an Excel workbook
//! whose sheet `Causas` has a header row `RUC | FECHA_INGRESO | DELITO | ESTADO | DIRECCION`
//! and one row per case (`assets/profiles/fiscalia_registro_xlsx.toml`), after a first sheet
//! of notes. A share of the crimes becomes a case (three in ten robberies, most homicides),
//! entered in office hours a few hours to days after the event, with a RUC whose check digit
//! is computed as `atalaya-ingest` checks it (módulo 11). `FECHA_INGRESO` is a date cell, now
//! and then a bare serial number (a row pasted from another workbook).
//!
//! Faults, listed in `.truth.csv` with the case's event: a RUC with a wrong check digit
//! (`invalid_case_number`), a date typed as text in a form the profile does not read
//! (`bad_date`), a row entered twice (`duplicate`).

use std::path::{Path, PathBuf};

use atalaya_model::time::LOCAL_TZ;
use atalaya_model::{Incident, mod11_check_digit};
use chrono::{Datelike, Duration, NaiveDateTime, Timelike, Weekday};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, XlsxError};

use super::{Fault, TruthEntry};
use crate::sampling::{below, chance, unit};

/// The file written.
pub(crate) const FILE: &str = "fiscalia_registro.xlsx";
/// Share of cases given each fault.
pub(crate) const CASE_FAULT_SHARE: f64 = 0.006;
/// Share of date cells written as a bare serial number (not a fault: the profile reads both).
const SERIAL_SHARE: f64 = 0.08;

/// The prosecutor's name for an event's category and the share of such events that become a
/// case; `None` for what is no crime.
fn offence(code: &str, rng: &mut ChaCha8Rng) -> Option<(&'static str, f64)> {
    Some(match code {
        "dmcs.robo_violencia" if chance(rng, 0.4) => ("ROBO CON INTIMIDACION", 0.3),
        "dmcs.robo_violencia" => ("ROBO CON VIOLENCIA", 0.3),
        "dmcs.robo_sorpresa" => ("ROBO POR SORPRESA", 0.3),
        "dmcs.robo_lugar_habitado" => ("ROBO EN LUGAR HABITADO", 0.3),
        "dmcs.robo_lugar_no_habitado" => ("ROBO EN LUGAR NO HABITADO", 0.3),
        "dmcs.robo_vehiculo" => ("ROBO DE VEHICULO MOTORIZADO", 0.3),
        "dmcs.robo_accesorios_vehiculo" => ("ROBO DE ACCESORIOS DE VEHICULOS", 0.3),
        "dmcs.otros_robos_fuerza" => ("OTROS ROBOS CON FUERZA", 0.3),
        "dmcs.hurto" => ("HURTO SIMPLE", 0.2),
        "dmcs.lesiones" if chance(rng, 0.2) => ("LESIONES GRAVES", 0.4),
        "dmcs.lesiones" => ("LESIONES LEVES", 0.4),
        "dmcs.homicidio" => ("HOMICIDIO", 1.0),
        "dmcs.violacion" => ("VIOLACION", 0.9),
        "vif.violencia_intrafamiliar" => ("VIOLENCIA INTRAFAMILIAR", 0.6),
        "inc.amenazas" => ("AMENAZAS", 0.25),
        "inc.danos" => ("DANOS SIMPLES", 0.1),
        "ley.drogas" => ("TRAFICO DE DROGAS", 0.8),
        "ley.armas" => ("PORTE ILEGAL DE ARMAS", 0.9),
        "otr.receptacion" => ("RECEPTACION", 0.7),
        _ => return None,
    })
}

/// One case as entered.
struct Case {
    ruc: String,
    entered: NaiveDateTime,
    offence: &'static str,
    state: &'static str,
    address: String,
    fault: Fault,
    serial: bool,
}

/// The register being filled.
pub(crate) struct Register {
    rng: ChaCha8Rng,
    cases: Vec<Case>,
}

/// The next office-hours moment (Monday to Friday, 08:30–17:30) after `t`.
fn office_hours(t: NaiveDateTime, rng: &mut ChaCha8Rng) -> NaiveDateTime {
    let mut day = t.date();
    let open = |d: chrono::NaiveDate| d.and_hms_opt(17, 30, 0).unwrap_or_default();
    while matches!(day.weekday(), Weekday::Sat | Weekday::Sun) || open(day) <= t {
        day += Duration::days(1);
    }
    let earliest = day.and_hms_opt(8, 30, 0).unwrap_or_default().max(t);
    let room = (open(day) - earliest).num_minutes().max(1) as usize;
    earliest + Duration::minutes(below(rng, room) as i64)
}

impl Register {
    pub(crate) fn new(seed: u64) -> Self {
        Self {
            rng: ChaCha8Rng::seed_from_u64(seed ^ 0x6669_7363_616c_6961),
            cases: Vec::new(),
        }
    }

    /// Maybe open a case for `event`; its truth entry when it does.
    pub(crate) fn consider(&mut self, event: &Incident, event_no: usize) -> Option<TruthEntry> {
        let rng = &mut self.rng;
        let (offence, share) = offence(&event.category, rng)?;
        if !chance(rng, share) {
            return None;
        }
        // Reported within hours to three days, entered in office hours after that.
        let reported = event.occurred_from + Duration::minutes(120 + below(rng, 4_200) as i64);
        let entered = office_hours(reported.with_timezone(&LOCAL_TZ).naive_local(), rng);
        let number = format!(
            "{:02}{:08}",
            entered.year() % 100,
            1_000_000 + event_no * 7 + below(rng, 7)
        );
        let digit = mod11_check_digit(&number);
        let fault = match (unit(rng) / CASE_FAULT_SHARE) as u32 {
            0 => Fault::InvalidCaseNumber,
            1 => Fault::BadDate,
            2 => Fault::Duplicate,
            _ => Fault::None,
        };
        let written = if fault == Fault::InvalidCaseNumber {
            const DIGITS: &[u8] = b"0123456789K";
            let right = DIGITS.iter().position(|d| char::from(*d) == digit);
            let wrong = (right.unwrap_or(0) + 1 + below(rng, 10)) % DIGITS.len();
            char::from(DIGITS[wrong])
        } else {
            digit
        };
        let ruc = format!("{number}-{written}");
        let state = match unit(rng) {
            r if r < 0.15 => "TERMINADA",
            r if r < 0.55 => "ARCHIVO PROVISIONAL",
            _ => "VIGENTE",
        };
        let address = event
            .address
            .as_deref()
            .unwrap_or("")
            .replace("Avenida ", "Av ")
            .to_uppercase();
        self.cases.push(Case {
            ruc: ruc.clone(),
            entered,
            offence,
            state,
            address,
            fault,
            serial: chance(rng, SERIAL_SHARE),
        });
        Some(TruthEntry {
            record_id: ruc,
            event: Some(event_no),
            fault,
        })
    }

    /// Write the workbook into `dir`, cases in order of entry; the file and its data rows.
    pub(crate) fn write(mut self, dir: &Path) -> std::io::Result<(PathBuf, u64)> {
        let path = dir.join(FILE);
        self.cases
            .sort_by(|a, b| a.entered.cmp(&b.entered).then(a.ruc.cmp(&b.ruc)));
        let rows = self.workbook(&path).map_err(std::io::Error::other)?;
        Ok((path, rows))
    }

    fn workbook(&self, path: &Path) -> Result<u64, XlsxError> {
        let mut book = Workbook::new();
        // A fixed creation time, so the same seed gives the same bytes.
        let created = ExcelDateTime::from_ymd(2026, 1, 5)?.and_hms(9, 0, 0)?;
        book.set_properties(
            &DocProperties::new()
                .set_title("Registro de causas")
                .set_author("Fiscalía Local")
                .set_creation_datetime(&created),
        );
        let notes = book.add_worksheet();
        notes.set_name("Notas")?;
        notes.write_string(0, 0, "Registro de causas ingresadas — Fiscalía Local")?;
        notes.write_string(1, 0, "Una fila por causa; la hoja Causas tiene el detalle.")?;

        let bold = Format::new().set_bold();
        let date = Format::new().set_num_format("dd-mm-yyyy hh:mm");
        let sheet = book.add_worksheet();
        sheet.set_name("Causas")?;
        for (c, h) in ["RUC", "FECHA_INGRESO", "DELITO", "ESTADO", "DIRECCION"]
            .iter()
            .enumerate()
        {
            sheet.write_string_with_format(0, c as u16, *h, &bold)?;
        }
        sheet.set_freeze_panes(1, 0)?;
        for (c, width) in [15.0, 17.0, 34.0, 21.0, 34.0].iter().enumerate() {
            sheet.set_column_width(c as u16, *width)?;
        }
        let mut row = 0u32;
        for case in &self.cases {
            let times = if case.fault == Fault::Duplicate { 2 } else { 1 };
            for _ in 0..times {
                row += 1;
                sheet.write_string(row, 0, &case.ruc)?;
                let e = case.entered;
                let at = ExcelDateTime::from_ymd(e.year() as u16, e.month() as u8, e.day() as u8)?
                    .and_hms(e.hour() as u16, e.minute() as u8, 0)?;
                if case.fault == Fault::BadDate {
                    // Typed by hand, as text, in a form the profile does not list.
                    sheet.write_string(row, 1, e.format("%d/%m/%Y").to_string())?;
                } else if case.serial {
                    sheet.write_number(row, 1, at.to_excel())?;
                } else {
                    sheet.write_datetime_with_format(row, 1, &at, &date)?;
                }
                sheet.write_string(row, 2, case.offence)?;
                sheet.write_string(row, 3, case.state)?;
                sheet.write_string(row, 4, &case.address)?;
            }
        }
        book.save(path)?;
        Ok(u64::from(row))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_digits_match_the_worked_examples() {
        // The same examples `atalaya-ingest`'s `ruc.rs` checks against.
        assert_eq!(mod11_check_digit("12345678"), '5');
        assert_eq!(mod11_check_digit("15509661"), '6');
        assert_eq!(mod11_check_digit("10000013"), 'K');
        assert_eq!(mod11_check_digit("2400123456"), '7');
        assert_eq!(mod11_check_digit("2300123456"), '0');
    }

    #[test]
    fn cases_are_entered_in_office_hours_after_the_event() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let at = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
        // Friday evening → Monday; Tuesday 10:00 → that day, later.
        let monday = office_hours(at("2024-03-01 19:00"), &mut rng);
        assert_eq!(monday.date().to_string(), "2024-03-04");
        let tuesday = office_hours(at("2024-03-05 10:00"), &mut rng);
        assert!(tuesday >= at("2024-03-05 10:00") && tuesday < at("2024-03-05 17:30"));
    }
}
