//! Writing incident listings as CSV, JSON (an array) or GeoJSON, streaming row by row.

use std::io::Write;

use serde::Serialize;

use crate::{Error, IncidentOut, Result};

/// An output format for incident listings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// RFC 4180 CSV with a header row.
    Csv,
    /// One JSON array of objects.
    Json,
    /// A GeoJSON FeatureCollection of points (rows without a location have a null geometry).
    GeoJson,
}

impl std::str::FromStr for ExportFormat {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s {
            "csv" => Ok(Self::Csv),
            "json" => Ok(Self::Json),
            "geojson" => Ok(Self::GeoJson),
            _ => Err(Error::invalid("format", s, "csv, json or geojson")),
        }
    }
}

/// Column order of CSV output.
pub const CSV_HEADER: [&str; 10] = [
    "id",
    "occurred_at",
    "category",
    "lon",
    "lat",
    "cuadrante",
    "barrio",
    "address",
    "source",
    "description",
];

/// Streams [`IncidentOut`] rows to a writer in one format.
pub struct IncidentWriter<W: Write> {
    out: W,
    format: ExportFormat,
    rows: u64,
}

impl<W: Write> IncidentWriter<W> {
    /// Start writing (emits the header or opening bracket).
    pub fn new(mut out: W, format: ExportFormat) -> std::io::Result<Self> {
        match format {
            ExportFormat::Csv => writeln!(out, "{}", CSV_HEADER.join(","))?,
            ExportFormat::Json => write!(out, "[")?,
            ExportFormat::GeoJson => {
                write!(out, "{{\"type\":\"FeatureCollection\",\"features\":[")?
            }
        }
        Ok(Self {
            out,
            format,
            rows: 0,
        })
    }

    /// Write one row.
    pub fn write(&mut self, r: &IncidentOut) -> std::io::Result<()> {
        let sep = if self.rows == 0 { "" } else { "," };
        match self.format {
            ExportFormat::Csv => {
                let f = |v: Option<f64>| v.map(|x| x.to_string()).unwrap_or_default();
                let o = |v: &Option<String>| v.clone().unwrap_or_default();
                let fields = [
                    r.id.clone(),
                    r.occurred_at.clone(),
                    r.category.clone(),
                    f(r.lon),
                    f(r.lat),
                    o(&r.cuadrante),
                    o(&r.barrio),
                    o(&r.address),
                    o(&r.source),
                    r.description.clone(),
                ];
                let line: Vec<String> = fields.iter().map(|s| csv_field(s)).collect();
                writeln!(self.out, "{}", line.join(","))?;
            }
            ExportFormat::Json => {
                writeln!(self.out, "{sep}")?;
                serde_json::to_writer(&mut self.out, r)?;
            }
            ExportFormat::GeoJson => {
                #[derive(Serialize)]
                struct Feature<'a> {
                    r#type: &'static str,
                    geometry: Option<serde_json::Value>,
                    properties: &'a IncidentOut,
                }
                let geometry = r
                    .lon
                    .zip(r.lat)
                    .map(|(x, y)| serde_json::json!({"type": "Point", "coordinates": [x, y]}));
                writeln!(self.out, "{sep}")?;
                serde_json::to_writer(
                    &mut self.out,
                    &Feature {
                        r#type: "Feature",
                        geometry,
                        properties: r,
                    },
                )?;
            }
        }
        self.rows += 1;
        Ok(())
    }

    /// Close the document and flush; returns the writer.
    pub fn finish(mut self) -> std::io::Result<W> {
        match self.format {
            ExportFormat::Csv => {}
            ExportFormat::Json => writeln!(self.out, "\n]")?,
            ExportFormat::GeoJson => writeln!(self.out, "\n]}}")?,
        }
        self.out.flush()?;
        Ok(self.out)
    }
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row() -> IncidentOut {
        IncidentOut {
            id: "0190".into(),
            occurred_at: "2024-01-14T23:00:00-03:00".into(),
            category: "dmcs.hurto".into(),
            lon: Some(-70.61),
            lat: Some(-33.43),
            cuadrante: Some("C01".into()),
            barrio: None,
            address: Some("Av. Providencia 1234, local 5".into()),
            source: None,
            description: "dijo \"alto\"".into(),
        }
    }

    fn check(format: ExportFormat, expected: &str) {
        let mut w = IncidentWriter::new(Vec::new(), format).unwrap();
        w.write(&row()).unwrap();
        let out = String::from_utf8(w.finish().unwrap()).unwrap();
        assert_eq!(out, expected);
    }

    #[test]
    fn csv_quotes_only_where_needed() {
        check(
            ExportFormat::Csv,
            "id,occurred_at,category,lon,lat,cuadrante,barrio,address,source,description\n\
             0190,2024-01-14T23:00:00-03:00,dmcs.hurto,-70.61,-33.43,C01,,\"Av. Providencia 1234, local 5\",,\"dijo \"\"alto\"\"\"\n",
        );
    }

    #[test]
    fn geojson_is_a_feature_collection_of_points() {
        let mut w = IncidentWriter::new(Vec::new(), ExportFormat::GeoJson).unwrap();
        w.write(&row()).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&w.finish().unwrap()).unwrap();
        assert_eq!(
            v["features"][0]["geometry"]["coordinates"],
            serde_json::json!([-70.61, -33.43])
        );
        assert_eq!(v["features"][0]["properties"]["category"], "dmcs.hurto");
    }
}
