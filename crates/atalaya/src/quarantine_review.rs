//! The quarantine as a review screen needs it: a page of rows (of every batch or of one), each
//! with its fields split by the profile that read it (edits applied), so any field can be
//! edited in place; and the batches that still have rows in quarantine. Fixing and accepting
//! are [`Workspace::quarantine_fix`] and [`Workspace::quarantine_accept`].

use std::collections::{BTreeMap, HashMap};

use atalaya_ingest::Profile;
use atalaya_model::BatchId;
use atalaya_model::time::{format_local, from_unix};
use serde::Serialize;

use crate::quarantine::{QuarantinedRow, parse_id, to_row};
use crate::{Result, Workspace};

/// Rows per page at most.
pub const MAX_QUARANTINE_PAGE: u64 = 500;

/// One field of a quarantined row as the file has it (with the analyst's edits applied).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FieldValue {
    /// The column's header name.
    pub column: String,
    /// Its value now.
    pub value: String,
    /// Whether an analyst edited it.
    pub edited: bool,
}

/// A quarantined row with what the review screen shows and edits.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct QuarantineEntry {
    /// The row, its fault and verbatim text.
    #[serde(flatten)]
    pub row: QuarantinedRow,
    /// Its batch.
    pub batch_id: String,
    /// Its fields, in header order (empty when the profile that read it is not stored).
    pub fields: Vec<FieldValue>,
}

/// A batch with rows in quarantine.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct QuarantineBatch {
    /// Batch id (to filter the page by).
    pub id: String,
    /// The file.
    pub file: String,
    /// The source.
    pub source: String,
    /// When it was imported (ISO-8601, America/Santiago).
    pub imported_at: String,
    /// Its rows in quarantine now.
    pub quarantined: u64,
}

/// Rows `offset..offset + rows.len()` of `total` quarantined rows.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct QuarantinePage {
    /// Quarantined rows matching the filter.
    pub total: u64,
    /// The first row's position.
    pub offset: u64,
    /// The rows.
    pub rows: Vec<QuarantineEntry>,
}

impl Workspace {
    /// A page of the quarantine (of one batch, if given); `limit` is capped at
    /// [`MAX_QUARANTINE_PAGE`].
    pub fn quarantine_page(
        &self,
        batch: Option<&str>,
        offset: u64,
        limit: u64,
    ) -> Result<QuarantinePage> {
        let batch = batch.map(parse_id).transpose()?;
        let (total, raws) =
            self.store
                .quarantined_page(batch.as_ref(), offset, limit.min(MAX_QUARANTINE_PAGE))?;
        let mut profiles: HashMap<[u8; 16], Option<(Profile, Vec<String>)>> = HashMap::new();
        let mut rows = Vec::with_capacity(raws.len());
        for raw in raws {
            let read_with = profiles.entry(raw.batch_id).or_insert_with(|| {
                let (_, text, header) = raw.profile.as_ref()?;
                let profile = Profile::parse("stored profile", text, &self.taxonomy).ok()?;
                Some((profile, serde_json::from_str(header).unwrap_or_default()))
            });
            let edits: BTreeMap<String, String> = raw
                .edits
                .as_deref()
                .and_then(|e| serde_json::from_str(e).ok())
                .unwrap_or_default();
            let fields = match read_with {
                Some((profile, header)) => {
                    let values = atalaya_ingest::reader::split_record(&raw.content, profile);
                    header
                        .iter()
                        .enumerate()
                        .map(|(i, column)| {
                            let edit = edits.get(column);
                            FieldValue {
                                column: column.clone(),
                                value: edit.or(values.get(i)).cloned().unwrap_or_default(),
                                edited: edit.is_some(),
                            }
                        })
                        .collect()
                }
                None => Vec::new(),
            };
            let batch_id = BatchId::from_bytes(raw.batch_id).to_string();
            rows.push(QuarantineEntry {
                row: to_row(raw),
                batch_id,
                fields,
            });
        }
        Ok(QuarantinePage {
            total,
            offset,
            rows,
        })
    }

    /// Batches with rows in quarantine, newest first.
    pub fn quarantine_batches(&self) -> Result<Vec<QuarantineBatch>> {
        Ok(self
            .store
            .quarantine_batches()?
            .into_iter()
            .map(|b| QuarantineBatch {
                id: BatchId::from_bytes(b.id).to_string(),
                file: b.origin,
                source: b.source,
                imported_at: format_local(from_unix(b.imported_at)),
                quarantined: b.quarantined,
            })
            .collect())
    }
}
