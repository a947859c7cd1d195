//! The profiles shipped in `assets/profiles/`, embedded at compile time.

use atalaya_model::Taxonomy;

use super::Profile;
use crate::IngestError;

/// A profile shipped with Atalaya.
#[derive(Clone, Copy, Debug)]
pub struct BuiltinProfile {
    /// Its name (the file stem).
    pub name: &'static str,
    /// Its TOML text.
    pub text: &'static str,
}

/// The profiles in `assets/profiles/`.
pub const BUILTIN: &[BuiltinProfile] = &[
    BuiltinProfile {
        name: "patrullaje_municipal",
        text: include_str!("../../../../assets/profiles/patrullaje_municipal.toml"),
    },
    BuiltinProfile {
        name: "camaras_eventos",
        text: include_str!("../../../../assets/profiles/camaras_eventos.toml"),
    },
    BuiltinProfile {
        name: "fiscalia_causas",
        text: include_str!("../../../../assets/profiles/fiscalia_causas.toml"),
    },
    BuiltinProfile {
        name: "denuncias_ciudadanas",
        text: include_str!("../../../../assets/profiles/denuncias_ciudadanas.toml"),
    },
    BuiltinProfile {
        name: "patrullaje_gps",
        text: include_str!("../../../../assets/profiles/patrullaje_gps.toml"),
    },
    BuiltinProfile {
        name: "camaras_eventos_json",
        text: include_str!("../../../../assets/profiles/camaras_eventos_json.toml"),
    },
    BuiltinProfile {
        name: "fiscalia_registro_xlsx",
        text: include_str!("../../../../assets/profiles/fiscalia_registro_xlsx.toml"),
    },
    BuiltinProfile {
        name: "denuncias_app_geojson",
        text: include_str!("../../../../assets/profiles/denuncias_app_geojson.toml"),
    },
];

impl Profile {
    /// A built-in profile by name.
    pub fn builtin(name: &str, taxonomy: &Taxonomy) -> Result<Profile, IngestError> {
        let found =
            BUILTIN
                .iter()
                .find(|b| b.name == name)
                .ok_or_else(|| IngestError::UnknownProfile {
                    name: name.into(),
                    known: BUILTIN
                        .iter()
                        .map(|b| b.name)
                        .collect::<Vec<_>>()
                        .join(", "),
                })?;
        Self::parse(found.name, found.text, taxonomy)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::RecordKind;

    #[test]
    fn every_builtin_profile_parses_and_validates() {
        let tax = Taxonomy::standard();
        for b in BUILTIN {
            let p = Profile::builtin(b.name, &tax).unwrap_or_else(|e| panic!("{}: {e}", b.name));
            if p.source.record == RecordKind::Incident {
                let map = &p.category.as_ref().expect("incidents have a category").map;
                assert!(!map.is_empty(), "{} maps no categories", b.name);
            }
            let again = Profile::parse(b.name, &p.to_toml(), &tax).unwrap();
            assert_eq!(again, p, "{} round-trips through TOML", b.name);
        }
    }
}
