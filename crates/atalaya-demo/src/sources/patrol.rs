//! The municipal patrols' daily report export: Windows-1252, `;`, decimal commas, date and time
//! in separate columns (`dd-mm-aaaa`, `HH:MM`), WGS84, the address the crew wrote down.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use atalaya_model::time::LOCAL_TZ;

use super::{Fault, Observation, SourceWriter, csv_field, outside};

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

pub(crate) struct Writer {
    out: BufWriter<File>,
    path: PathBuf,
    rows: u64,
}

impl Writer {
    pub(crate) fn create(path: &Path) -> std::io::Result<Self> {
        let mut w = Self {
            out: BufWriter::with_capacity(1 << 16, File::create(path)?),
            path: path.to_path_buf(),
            rows: 0,
        };
        w.line("N° Procedimiento;Fecha;Hora;Tipo Procedimiento;Dirección;Latitud;Longitud;Móvil;Observaciones")?;
        Ok(w)
    }

    fn line(&mut self, text: &str) -> std::io::Result<()> {
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(text);
        self.out.write_all(&bytes)?;
        self.out.write_all(b"\r\n")
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
        let point = match obs.fault {
            Fault::NoLocation => None,
            Fault::OutsideComuna => obs.point.map(outside),
            _ => obs.point,
        };
        let address = match obs.fault {
            Fault::NoLocation => "",
            _ => obs.event.address.as_deref().unwrap_or(""),
        };
        let (lat, lon) = point.map_or((String::new(), String::new()), |p| {
            (decimal_comma(p.lat), decimal_comma(p.lon))
        });
        let unit = format!("M-{:02}", 1 + obs.event_no % 12);
        let row = [
            id.as_str(),
            &date,
            &local.format("%H:%M").to_string(),
            category,
            address,
            &lat,
            &lon,
            &unit,
            &obs.event.description,
        ]
        .map(|f| csv_field(f, ';'))
        .join(";");
        self.line(&row)?;
        self.rows += 1;
        if obs.fault == Fault::Duplicate {
            self.line(&row)?;
            self.rows += 1;
        }
        Ok(id)
    }

    fn finish(mut self) -> std::io::Result<(PathBuf, u64)> {
        self.out.flush()?;
        Ok((self.path, self.rows))
    }

    fn name(&self) -> &'static str {
        "patrullaje_municipal.csv"
    }
}
