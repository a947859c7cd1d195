//! The municipal patrols' daily report export: Windows-1252, `;`, decimal commas, date and time
//! in separate columns (`dd-mm-aaaa`, `HH:MM`), WGS84, the address the crew wrote down, and
//! the móvil on duty (see [`super::roster`]).

use std::path::{Path, PathBuf};

use atalaya_model::time::LOCAL_TZ;

use super::{Encoding, Fault, Observation, Sink, SourceWriter};

/// The patrol system's name for each standard category (`assets/profiles/patrullaje_municipal.toml`
/// maps them back).
fn label(code: &str) -> &'static str {
    match code {
        "dmcs.robo_violencia" => "Robo con violencia",
        "dmcs.robo_sorpresa" => "Robo por sorpresa",
        "dmcs.robo_lugar_habitado" => "Robo en lugar habitado",
        "dmcs.robo_lugar_no_habitado" => "Robo en lugar no habitado",
        "dmcs.robo_vehiculo" => "Robo de vehículo",
        "dmcs.robo_accesorios_vehiculo" => "Robo de accesorios de vehículo",
        "dmcs.hurto" => "Hurto",
        "dmcs.lesiones" => "Lesiones",
        "vif.violencia_intrafamiliar" => "VIF",
        "inc.amenazas" => "Amenazas",
        "inc.comercio_ambulante" => "Comercio ambulante",
        "inc.consumo_via_publica" => "Consumo de alcohol en vía pública",
        "inc.danos" => "Daños",
        "inc.desordenes" => "Desórdenes",
        "inc.ruidos_molestos" => "Ruidos molestos",
        _ => "Otro",
    }
}

pub(crate) struct Writer(Sink);

impl Writer {
    pub(crate) fn create(path: &Path) -> std::io::Result<Self> {
        Sink::create(
            path,
            "N° Procedimiento;Fecha;Hora;Tipo Procedimiento;Dirección;Latitud;Longitud;Móvil;Observaciones",
            Encoding::Windows1252,
        )
        .map(Self)
    }
}

fn decimal_comma(v: f64) -> String {
    format!("{v:.6}").replace('.', ",")
}

impl SourceWriter for Writer {
    fn write(&mut self, obs: &Observation<'_>) -> std::io::Result<String> {
        let local = obs.at.with_timezone(&LOCAL_TZ);
        let id = format!("PM-{}-{:07}", local.format("%Y"), obs.event_no);
        let date = match obs.fault {
            Fault::BadDate => local.format("%Y.%d.%m").to_string(),
            _ => local.format("%d-%m-%Y").to_string(),
        };
        let category = match obs.fault {
            Fault::UnknownCategory => "Procedimiento preventivo",
            _ => label(&obs.event.category),
        };
        let point = obs.reported_point();
        let address = match obs.fault {
            Fault::NoLocation => "",
            _ => obs.event.address.as_deref().unwrap_or(""),
        };
        let (lat, lon) = point.map_or((String::new(), String::new()), |p| {
            (decimal_comma(p.lat), decimal_comma(p.lon))
        });
        let unit = super::roster::unit_at(obs.at, obs.event_no);
        self.0.row(
            &[
                id.as_str(),
                &date,
                &local.format("%H:%M").to_string(),
                category,
                address,
                &lat,
                &lon,
                &unit,
                &obs.description,
            ],
            ';',
            obs.fault,
        )?;
        Ok(id)
    }

    fn finish(self) -> std::io::Result<(PathBuf, u64)> {
        self.0.finish()
    }

    fn name(&self) -> &'static str {
        "patrullaje_municipal.csv"
    }
}
