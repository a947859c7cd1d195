//! Editing an incident by hand: a person corrects its category, description, status or
//! address. Each edit is one audited write (and so one change entry that sync ships).

use atalaya_store::Value;
use atalaya_store::schema::INCIDENT;

use crate::{Error, Result, Workspace};

/// The fields a person may set, and whether each must be a taxonomy code.
const EDITABLE: &[(&str, bool)] = &[
    ("category", true),
    ("description", false),
    ("status", false),
    ("address", false),
];

impl Workspace {
    /// Set fields of incident `id` (`field=value` pairs); returns whether anything changed.
    pub fn edit_incident(&mut self, id: &str, fields: &[(String, String)]) -> Result<bool> {
        let uuid = uuid::Uuid::parse_str(id).map_err(|_| {
            Error::invalid("incident id", id, "a UUID as `atalaya query` prints it")
        })?;
        let mut changes: Vec<(&str, Value)> = Vec::new();
        for (field, value) in fields {
            let Some((name, taxonomy)) = EDITABLE.iter().find(|(n, _)| n == field) else {
                return Err(Error::invalid(
                    "incident field",
                    field.clone(),
                    "category, description, status or address",
                ));
            };
            if *taxonomy && self.taxonomy().category(value).is_none() {
                return Err(Error::invalid(
                    "category",
                    value.clone(),
                    "a code of the standard taxonomy (see `atalaya stats`)",
                ));
            }
            changes.push((name, Value::Text(value.clone())));
        }
        let key = Value::Blob(uuid.as_bytes().to_vec());
        let mut tx = self.store.write(&self.actor, "incident.edit")?;
        let changed = tx.update(&INCIDENT, &key, &changes)?;
        tx.commit(serde_json::json!({ "incident": id, "fields": fields.len() }))?;
        Ok(changed)
    }
}
