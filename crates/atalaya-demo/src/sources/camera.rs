//! The CCTV operators' event log: UTF-8 with a BOM, `,`, ISO date-time in one column, the
//! operator's event type in capitals, coordinates in UTM zone 19S.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use atalaya_model::time::LOCAL_TZ;

use super::utm::to_utm19s;
use super::{Fault, Observation, SourceWriter, csv_field, outside};

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
    out: BufWriter<File>,
    path: PathBuf,
    rows: u64,
    /// The camera the next event is written for.
    pub camera: String,
}

impl Writer {
    pub(crate) fn create(path: &Path) -> std::io::Result<Self> {
        let mut out = BufWriter::with_capacity(1 << 16, File::create(path)?);
        out.write_all("\u{feff}".as_bytes())?;
        writeln!(
            out,
            "id_evento,fecha_hora,camara,tipo_evento,descripcion,este,norte"
        )?;
        Ok(Self {
            out,
            path: path.to_path_buf(),
            rows: 0,
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
        let point = match obs.fault {
            Fault::NoLocation => None,
            Fault::OutsideComuna => obs.point.map(outside),
            _ => obs.point,
        };
        let (e, n) = point.map_or((String::new(), String::new()), |p| {
            let (e, n) = to_utm19s(p);
            (format!("{e:.1}"), format!("{n:.1}"))
        });
        let row = [
            id.as_str(),
            &at,
            &self.camera,
            category,
            &obs.event.description,
            &e,
            &n,
        ]
        .map(|f| csv_field(f, ','))
        .join(",");
        writeln!(self.out, "{row}")?;
        self.rows += 1;
        if obs.fault == Fault::Duplicate {
            writeln!(self.out, "{row}")?;
            self.rows += 1;
        }
        Ok(id)
    }

    fn finish(mut self) -> std::io::Result<(PathBuf, u64)> {
        self.out.flush()?;
        Ok((self.path, self.rows))
    }

    fn name(&self) -> &'static str {
        "camaras_eventos.csv"
    }
}
