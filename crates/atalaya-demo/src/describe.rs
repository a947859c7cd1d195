//! Short Spanish descriptions, varied per category, as an operator would type them.

use rand::RngCore;

use crate::sampling::{below, chance};

/// Small belongings, to fit every `{o}` template.
const OBJECTS: [&str; 9] = [
    "celular",
    "billetera",
    "mochila",
    "notebook",
    "cartera",
    "reloj",
    "audífonos",
    "tablet",
    "documentos",
];
const CLOSINGS: [&str; 5] = [
    "Sin detenidos.",
    "Se revisan cámaras del sector.",
    "Se informa a Carabineros.",
    "Víctima no resulta lesionada.",
    "Se deriva a Fiscalía.",
];

/// Templates per category code; `{o}` is replaced by an object.
fn templates(code: &str) -> &'static [&'static str] {
    match code {
        "dmcs.robo_violencia" => &[
            "Dos sujetos intimidan a la víctima con arma blanca y le roban el {o}.",
            "Asalto a transeúnte con violencia; le sustraen el {o}.",
            "Robo con intimidación en local comercial; se llevan dinero de la caja.",
            "Portonazo: intimidan al conductor y huyen en su vehículo.",
        ],
        "dmcs.robo_sorpresa" => &[
            "Sujeto arrebata el {o} a transeúnte y huye corriendo.",
            "Lanzazo en la vereda: le quitan el {o} a la víctima.",
            "Robo por sorpresa del {o} a la salida del metro.",
        ],
        "dmcs.robo_lugar_habitado" => &[
            "Ingreso a departamento forzando la puerta; sustraen {o} y joyas.",
            "Robo en casa por ventana trasera mientras los moradores estaban fuera.",
            "Moradores encuentran la chapa forzada y faltan especies.",
        ],
        "dmcs.robo_lugar_no_habitado" => &[
            "Fuerzan la cortina metálica de una tienda y sustraen mercadería.",
            "Ingreso a oficina forzando el acceso; sustraen computadores.",
            "Robo con fuerza en local comercial durante la noche.",
        ],
        "dmcs.robo_vehiculo" => &[
            "Robo de automóvil estacionado en la vía pública.",
            "Propietario denuncia la desaparición de su vehículo desde un estacionamiento.",
        ],
        "dmcs.robo_accesorios_vehiculo" => &[
            "Rompen vidrio de automóvil y sustraen el {o} desde el interior.",
            "Robo de espejos laterales de vehículo estacionado.",
            "Sustraen rueda de repuesto y batería de un automóvil.",
        ],
        "dmcs.otros_robos_fuerza" => &[
            "Robo de cables desde cámara de servicio.",
            "Fuerzan bodega de edificio y sustraen bicicletas.",
        ],
        "dmcs.hurto" => &[
            "Hurto de {o} en local comercial.",
            "Sustracción de {o} sin violencia desde mesa de cafetería.",
            "Mechero sustrae productos de supermercado y huye.",
            "Hurto de {o} en transporte público.",
        ],
        "dmcs.lesiones" => &[
            "Riña a la salida de un bar; una persona resulta lesionada.",
            "Agresión a transeúnte, que resulta con lesiones leves.",
            "Pelea en la vía pública con un lesionado trasladado a urgencia.",
        ],
        "dmcs.homicidio" => &[
            "Persona fallece tras agresión con arma blanca en la vía pública.",
            "Hallazgo de persona fallecida con lesiones de arma; se instruye investigación.",
        ],
        "dmcs.violacion" => &["Denuncia de delito sexual; antecedentes reservados."],
        "vif.violencia_intrafamiliar" => &[
            "Denuncia por violencia intrafamiliar; antecedentes reservados.",
            "Llamado por agresión en domicilio entre convivientes; antecedentes reservados.",
        ],
        "inc.amenazas" => &[
            "Vecino denuncia amenazas verbales reiteradas.",
            "Amenazas a trabajador de local comercial.",
        ],
        "inc.comercio_ambulante" => &[
            "Comercio ambulante en las inmediaciones del metro.",
            "Fiscalización a vendedores ambulantes en la vereda.",
        ],
        "inc.consumo_via_publica" => &[
            "Grupo consume alcohol en la vía pública.",
            "Consumo de drogas en plaza del sector.",
        ],
        "inc.danos" => &[
            "Rayado de fachada y daños a mobiliario urbano.",
            "Daños a vehículo estacionado.",
            "Rompen vidrio de local comercial.",
        ],
        "inc.desordenes" => &[
            "Desórdenes en la vía pública a la salida de locales nocturnos.",
            "Grupo genera desórdenes y obstruye el tránsito.",
        ],
        "inc.ruidos_molestos" => &[
            "Vecinos reclaman por música a alto volumen.",
            "Ruidos molestos desde fiesta en departamento.",
            "Ruidos molestos desde local nocturno.",
        ],
        "ley.drogas" => &[
            "Detenido por porte de droga en la vía pública.",
            "Microtráfico detectado en las inmediaciones.",
        ],
        "ley.armas" => &[
            "Porte de arma blanca detectado en control preventivo.",
            "Hallazgo de arma de fuego; se detiene al portador.",
        ],
        "otr.receptacion" => &[
            "Recuperan especies robadas en poder de un tercero.",
            "Venta de celulares de dudosa procedencia.",
        ],
        _ => &[
            "Persona extraviada es ubicada por el personal.",
            "Accidente de tránsito menor sin lesionados.",
            "Hallazgo de especies abandonadas.",
        ],
    }
}

/// A description for an incident of category `code`.
pub(crate) fn describe(code: &str, rng: &mut impl RngCore) -> String {
    let options = templates(code);
    let mut text =
        options[below(rng, options.len())].replace("{o}", OBJECTS[below(rng, OBJECTS.len())]);
    let reserved = code == "dmcs.violacion" || code.starts_with("vif.");
    if !reserved && chance(rng, 0.4) {
        text.push(' ');
        text.push_str(CLOSINGS[below(rng, CLOSINGS.len())]);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn given_every_standard_category_then_there_is_a_sentence_and_placeholders_are_filled() {
        let mut rng = ChaCha8Rng::seed_from_u64(2);
        for profile in crate::categories::PROFILES {
            for _ in 0..20 {
                let text = describe(profile.code, &mut rng);
                assert!(
                    text.ends_with('.') && !text.contains('{'),
                    "{}: {text}",
                    profile.code
                );
            }
        }
    }

    #[test]
    fn given_a_reserved_category_then_the_description_reveals_nothing_more() {
        let mut rng = ChaCha8Rng::seed_from_u64(9);
        for _ in 0..50 {
            assert_eq!(
                describe("dmcs.violacion", &mut rng),
                "Denuncia de delito sexual; antecedentes reservados."
            );
        }
    }
}
