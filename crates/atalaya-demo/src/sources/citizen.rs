//! The municipal call centre's citizen reports: UTF-8, `,`, ISO date and time apart, latitude
//! before longitude, a free-text account and the address as the caller said it.

use std::path::{Path, PathBuf};

use atalaya_model::time::LOCAL_TZ;

use super::{Encoding, Fault, Observation, Sink, SourceWriter, outside};

fn label(code: &str) -> &'static str {
    match code {
        "dmcs.robo_violencia" => "Robo",
        "dmcs.robo_sorpresa" => "Lanzazo",
        "dmcs.robo_vehiculo" => "Robo de auto",
        "dmcs.robo_lugar_habitado" => "Robo a casa",
        "dmcs.hurto" => "Hurto",
        "inc.desordenes" => "Pelea",
        "inc.ruidos_molestos" => "Ruidos",
        "inc.comercio_ambulante" => "Comercio ambulante",
        "inc.consumo_via_publica" => "Consumo de alcohol",
        "inc.danos" => "Rayados",
        "vif.violencia_intrafamiliar" => "Violencia intrafamiliar",
        "inc.amenazas" => "Amenazas",
        _ => "Otro",
    }
}

/// The address as a caller says it: abbreviated, lower case, a flat number, each call its way.
fn spoken(address: &str, k: usize) -> String {
    let a = match k % 4 {
        0 => address.to_string(),
        1 => address.replace("Avenida ", "Av. "),
        2 => address.replace("Avenida ", "avda ").to_lowercase(),
        _ => format!("{address}, depto {}", 10 + k % 90),
    };
    a.replace("Presidente ", "Pdte. ")
}

pub(crate) struct Writer {
    sink: Sink,
}

impl Writer {
    pub(crate) fn create(path: &Path) -> std::io::Result<Self> {
        let header = "folio,fecha,hora,canal,motivo,relato,direccion,lat,lon";
        Ok(Self {
            sink: Sink::create(path, header, Encoding::Utf8)?,
        })
    }
}

impl SourceWriter for Writer {
    fn write(&mut self, obs: &Observation<'_>) -> std::io::Result<String> {
        let local = obs.at.with_timezone(&LOCAL_TZ);
        let id = format!("DC-{}-{:07}", local.format("%Y%m%d"), obs.event_no);
        let date = match obs.fault {
            Fault::BadDate => local.format("%d de %m de %Y").to_string(),
            _ => local.format("%Y-%m-%d").to_string(),
        };
        let category = match obs.fault {
            Fault::UnknownCategory => "Consulta",
            _ => label(&obs.event.category),
        };
        let point = match obs.fault {
            Fault::NoLocation => None,
            Fault::OutsideComuna => obs.event.location.map(outside),
            _ => obs.point,
        };
        let address = match obs.fault {
            Fault::NoLocation => String::new(),
            _ => spoken(obs.event.address.as_deref().unwrap_or(""), obs.event_no),
        };
        let (lat, lon) = point.map_or((String::new(), String::new()), |p| {
            (format!("{:.6}", p.lat), format!("{:.6}", p.lon))
        });
        let channel = ["telefono", "app", "presencial"][obs.event_no % 3];
        self.sink.row(
            &[
                id.as_str(),
                &date,
                &local.format("%H:%M").to_string(),
                channel,
                category,
                &obs.description,
                &address,
                &lat,
                &lon,
            ],
            ',',
            obs.fault,
        )?;
        Ok(id)
    }

    fn finish(self) -> std::io::Result<(PathBuf, u64)> {
        self.sink.finish()
    }

    fn name(&self) -> &'static str {
        "denuncias_ciudadanas.csv"
    }
}
