//! Gi* over areas (cuadrantes or barrios): one area a row, its polygon a feature.

use serde_json::{Value, json};

use super::{Render, Table, collection, num};
use crate::Result;
use crate::analysis::areas::AreaHotSpots;

impl Render for AreaHotSpots {
    fn summary(&self) -> Vec<(String, Table)> {
        vec![(format!("Gi* by {}", self.level), self.csv())]
    }

    fn csv(&self) -> Table {
        let mut t = Table::new(&[
            "code",
            "name",
            "count",
            "z",
            "p_value",
            "q_value",
            "class",
            "class_fdr",
            "neighbours",
        ]);
        t.rows = self
            .areas
            .iter()
            .map(|a| {
                vec![
                    a.code.clone(),
                    a.name.clone(),
                    a.count.to_string(),
                    num(a.z),
                    num(a.p_value),
                    num(a.q_value),
                    a.class.to_string(),
                    a.class_fdr.to_string(),
                    a.neighbours.join(" "),
                ]
            })
            .collect();
        t
    }

    fn geojson(&self) -> Result<Value> {
        Ok(collection(
            self.areas
                .iter()
                .map(|a| {
                    json!({
                        "type": "Feature",
                        "geometry": atalaya_store::codec::geo_json_multipolygon(&a.geometry),
                        "properties": a,
                    })
                })
                .collect(),
        ))
    }
}
