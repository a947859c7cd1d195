//! The category mix: how common each standard category is, when and where it happens, and how
//! it is reported. Codes are those of `assets/taxonomy.toml` (checked by a test).
//!
//! Shares are per thousand *first* events, loosely after the profile of a dense commercial
//! comuna in CEAD statistics: thefts (hurto) and snatch thefts lead, homicide is very rare.
//! Burglary of homes is listed low because its near-repeat follow-ups nearly triple it.

use atalaya_model::Sensitivity;

use crate::rhythm::Rhythm;

/// How one category behaves.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Profile {
    /// Standard taxonomy code.
    pub code: &'static str,
    /// Share of first events, per thousand.
    pub per_mille: f64,
    /// When it happens.
    pub rhythm: Rhythm,
    /// Mixture weights over [`crate::places::Place::ALL`]: station, axis, night life, street, background.
    pub places: [f64; 5],
    /// Found after the fact: `occurred_to` is this many hours (min, max) after `occurred_from`.
    pub span_h: Option<(f64, f64)>,
    /// Delay before it is reported, minutes (min, max).
    pub delay_min: (f64, f64),
}

impl Profile {
    /// Sexual offences and domestic violence are confidential; everything else is normal.
    pub(crate) fn sensitivity(&self) -> Sensitivity {
        if self.code == "dmcs.violacion" || self.code.starts_with("vif.") {
            Sensitivity::Confidential
        } else {
            Sensitivity::Normal
        }
    }
}

/// The code of the category with near-repeat chains.
pub(crate) const BURGLARY: &str = "dmcs.robo_lugar_habitado";

const fn p(
    code: &'static str,
    per_mille: f64,
    rhythm: Rhythm,
    places: [f64; 5],
    span_h: Option<(f64, f64)>,
    delay_min: (f64, f64),
) -> Profile {
    Profile {
        code,
        per_mille,
        rhythm,
        places,
        span_h,
        delay_min,
    }
}

const NOW: (f64, f64) = (5.0, 90.0);
const LATER: (f64, f64) = (30.0, 1_440.0);
const RESERVED: (f64, f64) = (120.0, 4_320.0);

/// Every standard category, in taxonomy order.
#[rustfmt::skip]
pub(crate) const PROFILES: [Profile; 22] = [
    p("dmcs.robo_violencia",             80.0, Rhythm::EveningStreet, [0.25, 0.30, 0.15, 0.20, 0.10], None, NOW),
    p("dmcs.robo_sorpresa",              95.0, Rhythm::Commute,       [0.40, 0.40, 0.05, 0.10, 0.05], None, NOW),
    p(BURGLARY,                          15.0, Rhythm::EmptyHomes,    [0.00, 0.05, 0.00, 0.80, 0.15], Some((1.0, 10.0)), LATER),
    p("dmcs.robo_lugar_no_habitado",     35.0, Rhythm::SmallHours,    [0.10, 0.50, 0.00, 0.30, 0.10], Some((2.0, 12.0)), LATER),
    p("dmcs.robo_vehiculo",              25.0, Rhythm::SmallHours,    [0.05, 0.20, 0.10, 0.55, 0.10], Some((1.0, 10.0)), LATER),
    p("dmcs.robo_accesorios_vehiculo",   60.0, Rhythm::SmallHours,    [0.05, 0.20, 0.10, 0.55, 0.10], Some((1.0, 8.0)), LATER),
    p("dmcs.otros_robos_fuerza",         10.0, Rhythm::SmallHours,    [0.05, 0.35, 0.05, 0.40, 0.15], Some((1.0, 12.0)), LATER),
    p("dmcs.hurto",                     240.0, Rhythm::ShopHours,     [0.35, 0.45, 0.05, 0.10, 0.05], None, NOW),
    p("dmcs.lesiones",                   55.0, Rhythm::NightLife,     [0.15, 0.20, 0.35, 0.20, 0.10], None, NOW),
    p("dmcs.homicidio",                   0.3, Rhythm::EveningStreet, [0.10, 0.10, 0.20, 0.40, 0.20], None, NOW),
    p("dmcs.violacion",                   2.0, Rhythm::Domestic,      [0.05, 0.05, 0.20, 0.50, 0.20], None, RESERVED),
    p("vif.violencia_intrafamiliar",     40.0, Rhythm::Domestic,      [0.00, 0.00, 0.00, 0.85, 0.15], None, RESERVED),
    p("inc.amenazas",                    35.0, Rhythm::Domestic,      [0.10, 0.30, 0.10, 0.40, 0.10], None, LATER),
    p("inc.comercio_ambulante",          45.0, Rhythm::ShopHours,     [0.50, 0.45, 0.00, 0.00, 0.05], None, NOW),
    p("inc.consumo_via_publica",         60.0, Rhythm::NightLife,     [0.20, 0.20, 0.40, 0.10, 0.10], None, NOW),
    p("inc.danos",                       40.0, Rhythm::SmallHours,    [0.10, 0.30, 0.20, 0.30, 0.10], Some((1.0, 8.0)), LATER),
    p("inc.desordenes",                  30.0, Rhythm::NightLife,     [0.10, 0.20, 0.55, 0.10, 0.05], None, NOW),
    p("inc.ruidos_molestos",             55.0, Rhythm::NightLife,     [0.00, 0.05, 0.50, 0.40, 0.05], None, NOW),
    p("ley.drogas",                      20.0, Rhythm::NightLife,     [0.25, 0.15, 0.40, 0.10, 0.10], None, NOW),
    p("ley.armas",                        5.0, Rhythm::EveningStreet, [0.25, 0.30, 0.15, 0.20, 0.10], None, NOW),
    p("otr.receptacion",                  6.0, Rhythm::ShopHours,     [0.30, 0.40, 0.10, 0.10, 0.10], None, LATER),
    p("otr.otros",                       30.0, Rhythm::Daytime,       [0.10, 0.30, 0.10, 0.30, 0.20], None, NOW),
];

#[cfg(test)]
mod tests {
    use super::*;
    use atalaya_model::Taxonomy;

    #[test]
    fn given_the_standard_taxonomy_then_every_category_has_exactly_one_profile_in_the_same_order() {
        let taxonomy = Taxonomy::standard();
        let codes: Vec<&str> = taxonomy
            .categories
            .iter()
            .map(|c| c.code.as_str())
            .collect();
        let profiled: Vec<&str> = PROFILES.iter().map(|p| p.code).collect();
        assert_eq!(profiled, codes);
    }

    #[test]
    fn given_the_profiles_then_sensitivity_is_confidential_only_for_rape_and_domestic_violence() {
        let confidential: Vec<&str> = PROFILES
            .iter()
            .filter(|p| p.sensitivity() == Sensitivity::Confidential)
            .map(|p| p.code)
            .collect();
        assert_eq!(
            confidential,
            ["dmcs.violacion", "vif.violencia_intrafamiliar"]
        );
    }
}
