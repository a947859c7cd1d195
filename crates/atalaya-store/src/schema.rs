//! The traced tables: their stable codes and column orders, which the change log's field
//! bitmasks and the row hashes refer to. Column 0 is the record's key.

/// A full-text index kept in step with a table by the write path.
#[derive(Debug)]
pub struct FtsSpec {
    /// The FTS5 table.
    pub table: &'static str,
    /// The content table's integer rowid column.
    pub rowid: &'static str,
    /// Indexed columns (names in both tables).
    pub columns: &'static [&'static str],
}

/// A table written through the audited write path.
#[derive(Debug)]
pub struct TableSpec {
    /// Stable code stored in `change.tbl` (never reused).
    pub code: i64,
    /// SQL table name.
    pub name: &'static str,
    /// Content columns in hash and bitmask order; `columns[0]` is the key.
    pub columns: &'static [&'static str],
    /// How many of `columns` the table was created with; the rest were added by later
    /// migrations and enter the row hash only when set (see [`TableSpec::row_hash`]).
    pub base_columns: usize,
    /// Full-text index to maintain, if any.
    pub fts: Option<FtsSpec>,
}

impl TableSpec {
    /// The key column.
    pub fn key(&self) -> &'static str {
        self.columns[0]
    }

    /// Bitmask with every column set (an insert).
    pub fn all_fields(&self) -> i64 {
        if self.columns.len() >= 63 {
            -1
        } else {
            (1i64 << self.columns.len()) - 1
        }
    }

    /// Index of a column, if it belongs to this table.
    pub fn column_index(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| *c == name)
    }

    /// The row hash of a record of this table, values in column order.
    pub fn row_hash<'a>(
        &self,
        values: impl IntoIterator<Item = rusqlite::types::ValueRef<'a>>,
    ) -> [u8; crate::rowhash::ROW_HASH_LEN] {
        crate::rowhash::versioned_row_hash(self.base_columns, values)
    }

    /// [`TableSpec::row_hash`] of owned values.
    pub fn row_hash_of(
        &self,
        values: &[rusqlite::types::Value],
    ) -> [u8; crate::rowhash::ROW_HASH_LEN] {
        self.row_hash(values.iter().map(rusqlite::types::ValueRef::from))
    }

    /// Column names named by a field bitmask, in column order.
    pub fn field_names(&self, mask: i64) -> Vec<&'static str> {
        self.columns
            .iter()
            .enumerate()
            .filter(|(i, _)| mask & (1 << i) != 0)
            .map(|(_, c)| *c)
            .collect()
    }
}

macro_rules! table {
    ($ident:ident, $code:expr, $name:literal, [$($col:literal),+ $(,)?] $(, added: [$($late:literal),+ $(,)?])? $(, fts: $fts:expr)?) => {
        #[doc = concat!("The `", $name, "` table.")]
        pub const $ident: TableSpec = TableSpec {
            code: $code,
            name: $name,
            columns: &[$($col),+ $($(, $late)+)?],
            base_columns: [$($col),+].len(),
            fts: table!(@fts $($fts)?),
        };
    };
    (@fts) => { None };
    (@fts $fts:expr) => { Some($fts) };
}

table!(SOURCE, 1, "source", ["id", "kind", "name", "profile"]);
table!(
    IMPORT_BATCH,
    2,
    "import_batch",
    [
        "id",
        "source_id",
        "origin",
        "content_hash",
        "rows_read",
        "rows_accepted",
        "rows_quarantined",
        "rows_duplicate",
        "imported_by",
        "imported_at"
    ]
);
table!(
    RAW_RECORD,
    3,
    "raw_record",
    [
        "id",
        "batch_id",
        "row_number",
        "content",
        "status",
        "reason",
        "target_table",
        "target_id"
    ]
);
table!(
    AREA,
    4,
    "area",
    [
        "code", "kind", "name", "geometry", "min_lon", "min_lat", "max_lon", "max_lat"
    ]
);
table!(
    STREET,
    5,
    "street",
    [
        "code",
        "name",
        "main_axis",
        "line",
        "number_from",
        "number_to"
    ]
);
table!(
    APP_USER,
    6,
    "app_user",
    ["id", "username", "display_name", "role", "jurisdiction"]
);
table!(JURISDICTION, 7, "jurisdiction", ["id", "name", "areas"]);
table!(INCIDENT, 8, "incident", [
    "id", "occurred_from", "occurred_to", "reported_at", "local_day", "local_hour", "category",
    "original_category", "description", "lon", "lat", "accuracy_m", "address", "cuadrante", "barrio",
    "status", "sensitivity", "source_id", "batch_id", "created_by"
], added: ["location_precision"], fts: FtsSpec { table: "incident_fts", rowid: "rid", columns: &["description", "address"] });
table!(
    CAMERA,
    9,
    "camera",
    ["id", "code", "lon", "lat", "heading_deg", "zone"]
);
table!(
    CAMERA_EVENT,
    10,
    "camera_event",
    ["id", "camera_id", "at", "kind", "description", "source_id"]
);
table!(
    PATROL_TRACK,
    11,
    "patrol_track",
    [
        "id",
        "unit",
        "started_at",
        "ended_at",
        "points",
        "source_id"
    ]
);
table!(
    CITIZEN_REPORT,
    12,
    "citizen_report",
    [
        "id",
        "received_at",
        "channel",
        "text",
        "address",
        "lon",
        "lat",
        "source_id"
    ]
);
table!(
    REGISTRY_RECORD,
    13,
    "registry_record",
    [
        "id",
        "institution",
        "case_number",
        "recorded_at",
        "category_text",
        "source_id"
    ]
);
table!(
    LINK,
    14,
    "link",
    [
        "id",
        "incident_id",
        "target_table",
        "target_id",
        "score",
        "confirmed"
    ]
);
table!(
    CASE_FILE,
    15,
    "case_file",
    [
        "id",
        "title",
        "status",
        "owner",
        "supervisor",
        "cuadrante",
        "opened_at"
    ]
);
table!(
    CASE_ITEM,
    16,
    "case_item",
    [
        "id",
        "case_id",
        "at",
        "item_kind",
        "ref_id",
        "note",
        "added_by",
        "cuadrante"
    ]
);
table!(
    REVIEW,
    17,
    "review",
    [
        "id",
        "case_id",
        "reviewer",
        "decision",
        "comment",
        "at",
        "cuadrante"
    ]
);
table!(
    CATEGORY_GROUP,
    19,
    "category_group",
    ["code", "label_es", "label_en", "position"]
);
table!(
    CATEGORY,
    20,
    "category",
    ["code", "group_code", "label_es", "label_en", "position"]
);
table!(
    ATTACHMENT,
    18,
    "attachment",
    [
        "id", "sha256", "mime", "size", "data", "added_by", "added_at"
    ]
);

/// Every traced table, in dependency order (parents first).
pub const TABLES: &[&TableSpec] = &[
    &CATEGORY_GROUP,
    &CATEGORY,
    &SOURCE,
    &IMPORT_BATCH,
    &RAW_RECORD,
    &AREA,
    &STREET,
    &APP_USER,
    &JURISDICTION,
    &INCIDENT,
    &CAMERA,
    &CAMERA_EVENT,
    &PATROL_TRACK,
    &CITIZEN_REPORT,
    &REGISTRY_RECORD,
    &LINK,
    &CASE_FILE,
    &CASE_ITEM,
    &REVIEW,
    &ATTACHMENT,
];

table!(
    RAW_RECORD_LINEAGE,
    3,
    "raw_record",
    [
        "id",
        "batch_id",
        "row_number",
        "content",
        "status",
        "reason",
        "target_table",
        "target_id",
        "source_key",
        "edits"
    ]
);
table!(
    IMPORT_RUN,
    21,
    "import_run",
    [
        "batch_id",
        "profile_name",
        "profile",
        "header",
        "last_row",
        "rows_created",
        "rows_updated",
        "complete"
    ]
);

/// Lineage tables: written by `WriteTx::insert_lineage`/`update_lineage`, covered by the audit
/// through each transaction's lineage digest instead of change entries, and never synced. Each
/// has `audit_seq` and `lineage_hash` columns beside those listed. A table may be listed both
/// here and in [`TABLES`] (`raw_record`): its rows with an `audit_seq` are lineage rows.
pub const LINEAGE_TABLES: &[&TableSpec] = &[&RAW_RECORD_LINEAGE, &IMPORT_RUN];

/// Whether rows of this traced table may also be lineage rows (checked by the lineage pass).
pub fn has_lineage_rows(name: &str) -> bool {
    LINEAGE_TABLES.iter().any(|t| t.name == name)
}

/// Find a traced table by its code.
pub fn by_code(code: i64) -> Option<&'static TableSpec> {
    TABLES.iter().copied().find(|t| t.code == code)
}

/// Find a traced table by its SQL name.
pub fn by_name(name: &str) -> Option<&'static TableSpec> {
    TABLES.iter().copied().find(|t| t.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_names_are_unique_and_fit_a_bitmask() {
        for (i, a) in TABLES.iter().enumerate() {
            assert!(
                a.columns.len() < 63,
                "{} has too many columns for a field mask",
                a.name
            );
            for b in &TABLES[i + 1..] {
                assert_ne!(a.code, b.code);
                assert_ne!(a.name, b.name);
            }
        }
    }

    #[test]
    fn lineage_codes_are_unique_and_match_their_traced_twin() {
        for (i, a) in LINEAGE_TABLES.iter().enumerate() {
            for b in &LINEAGE_TABLES[i + 1..] {
                assert_ne!(a.code, b.code);
            }
            if let Some(traced) = by_name(a.name) {
                assert_eq!(traced.code, a.code, "{} keeps its code", a.name);
                assert_eq!(
                    &a.columns[..traced.columns.len()],
                    traced.columns,
                    "{} extends its columns",
                    a.name
                );
            } else {
                assert!(
                    by_code(a.code).is_none(),
                    "{} code is not a traced table's",
                    a.name
                );
            }
        }
    }

    #[test]
    fn field_names_follow_the_mask() {
        assert_eq!(SOURCE.field_names(0b0101), ["id", "name"]);
        assert_eq!(SOURCE.field_names(SOURCE.all_fields()), SOURCE.columns);
    }
}
