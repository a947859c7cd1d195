//! What a conflict is about, as this store holds it: the incident (when, what, where) or the
//! case (its title) a person must recognise before choosing a value. A bare record id tells
//! nobody which robbery two workstations disagree on.

use atalaya_model::time::{format_local, from_unix};
use atalaya_sync::wire::RowId;
use serde::Serialize;

use crate::Workspace;

/// The record behind a conflict.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ConflictSubject {
    /// An incident (its category or location is disputed).
    Incident {
        /// When it occurred, America/Santiago ISO-8601.
        occurred_at: String,
        /// Its category code as this store holds it now.
        category: String,
        /// Its address, when it has one.
        address: Option<String>,
        /// Its cuadrante code, when placed.
        cuadrante: Option<String>,
        /// Its description.
        description: String,
    },
    /// A case (its status, or the decision of one of its reviews).
    Case {
        /// The case's title.
        title: String,
    },
}

impl ConflictSubject {
    /// One line for a terminal: an incident's local date, time and place; a case's title.
    pub fn summary(&self) -> String {
        match self {
            Self::Incident {
                occurred_at,
                address,
                cuadrante,
                ..
            } => {
                // `2023-01-02T11:13:00-03:00` → `2023-01-02 11:13`.
                let when = occurred_at
                    .get(..16)
                    .unwrap_or(occurred_at)
                    .replace('T', " ");
                match address.as_deref().or(cuadrante.as_deref()) {
                    Some(place) => format!("{when} {place}"),
                    None => when,
                }
            }
            Self::Case { title } => format!("case \"{title}\""),
        }
    }
}

impl Workspace {
    /// The record `table`/`id` as a person recognises it; `None` when this store does not hold
    /// it (out of the user's jurisdiction now, or not pulled yet) or it is of another table.
    pub(crate) fn conflict_subject(
        &self,
        table: &str,
        id: &RowId,
    ) -> crate::Result<Option<ConflictSubject>> {
        let RowId::Id(uuid) = id else {
            return Ok(None);
        };
        let key = *uuid.as_bytes();
        let case_title = |case: &[u8; 16]| -> crate::Result<Option<ConflictSubject>> {
            Ok(self
                .store
                .case(case)?
                .map(|c| ConflictSubject::Case { title: c.title }))
        };
        match table {
            "incident" => Ok(self.store.incident_record(&key)?.map(|r| {
                let i = r.row.incident;
                ConflictSubject::Incident {
                    occurred_at: format_local(from_unix(i.occurred_from)),
                    category: i.category,
                    address: i.address,
                    cuadrante: i.cuadrante,
                    description: i.description,
                }
            })),
            "case_file" => case_title(&key),
            "review" => match self.store.review_case(&key)? {
                Some(case) => case_title(&case),
                None => Ok(None),
            },
            _ => Ok(None),
        }
    }
}
