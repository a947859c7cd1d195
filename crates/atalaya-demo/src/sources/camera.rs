//! The CCTV operators' event log: UTF-8 with a BOM, `,`, ISO date-time in one column, the
//! operator's event type in capitals, coordinates in UTM zone 19S.

use std::path::{Path, PathBuf};

use atalaya_model::time::LOCAL_TZ;

use super::utm::to_utm19s;
use super::{Encoding, Fault, Observation, Sink, SourceWriter};

fn label(code: &str) -> &'static str {
    match code {
        "dmcs.robo_violencia" => "ROBO_VIOLENCIA",
        "dmcs.robo_sorpresa" => "ROBO_SORPRESA",
        "dmcs.robo_vehiculo" => "ROBO_VEHICULO",
        "dmcs.robo_accesorios_vehiculo" => "ROBO_ACCESORIOS",
        "dmcs.hurto" => "HURTO",
        "dmcs.lesiones" => "AGRESION",
        "inc.desordenes" => "DESORDENES",
        "inc.comercio_ambulante" => "COMERCIO_AMBULANTE",
        "inc.consumo_via_publica" => "CONSUMO_VIA_PUBLICA",
        "inc.danos" => "DANOS",
        _ => "OTRO",
    }
}

pub(crate) struct Writer {
    sink: Sink,
    /// The camera the next event is written for.
    pub camera: String,
}

impl Writer {
    pub(crate) fn create(path: &Path) -> std::io::Result<Self> {
        let header = "id_evento,fecha_hora,camara,tipo_evento,descripcion,este,norte";
        Ok(Self {
            sink: Sink::create(path, header, Encoding::Utf8Bom)?,
            camera: String::new(),
        })
    }
}

impl SourceWriter for Writer {
    fn write(&mut self, obs: &Observation<'_>) -> std::io::Result<String> {
        let local = obs.at.with_timezone(&LOCAL_TZ);
        let id = format!("EV-{:07}", obs.event_no);
        let at = match obs.fault {
            Fault::BadDate => local.format("%d/%m/%Y %Hh%M").to_string(),
            _ => local.format("%Y-%m-%d %H:%M:%S").to_string(),
        };
        let category = match obs.fault {
            Fault::UnknownCategory => "PERSONA_SOSPECHOSA",
            _ => label(&obs.event.category),
        };
        let point = obs.reported_point();
        let (e, n) = point.map_or((String::new(), String::new()), |p| {
            let (e, n) = to_utm19s(p);
            (format!("{e:.1}"), format!("{n:.1}"))
        });
        self.sink.row(
            &[
                id.as_str(),
                &at,
                &self.camera,
                category,
                &obs.description,
                &e,
                &n,
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
        "camaras_eventos.csv"
    }
}
