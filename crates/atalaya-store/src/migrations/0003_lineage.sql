-- Schema v3: lineage rows (raw records, import runs) covered by the audit without change entries.
--
-- A lineage row is written by `WriteTx::insert_lineage` / `update_lineage`: it carries the audit
-- seq of the transaction that last wrote it and the row hash it had then. Each transaction's
-- audit `content_hash` covers the (table, key, row hash) of every lineage row it wrote, through
-- the digest kept in `audit_lineage`. When a later transaction rewrites a lineage row, the
-- superseded (tx, table, key, hash) moves to `lineage_history`, so every transaction's digest
-- stays recomputable. Lineage is local: it has no change entries and does not sync.

ALTER TABLE raw_record ADD COLUMN source_key TEXT;      -- the source's own record id
ALTER TABLE raw_record ADD COLUMN edits TEXT;           -- JSON {column: value} set by `quarantine fix`
ALTER TABLE raw_record ADD COLUMN audit_seq INTEGER;    -- audit entry of its last lineage write
ALTER TABLE raw_record ADD COLUMN lineage_hash BLOB;    -- its row hash as of that write
CREATE INDEX raw_record_lineage ON raw_record(audit_seq, id) WHERE audit_seq IS NOT NULL;
CREATE INDEX raw_record_source_key ON raw_record(source_key) WHERE source_key IS NOT NULL;
CREATE INDEX raw_record_status ON raw_record(status, batch_id);

-- How a batch was read: the profile text and header (to re-standardize quarantined rows), and
-- how far a chunked import got (to resume after a crash).
CREATE TABLE import_run (
    batch_id      BLOB PRIMARY KEY REFERENCES import_batch(id),
    profile_name  TEXT NOT NULL,
    profile       TEXT NOT NULL,        -- the profile as TOML
    header        TEXT NOT NULL,        -- JSON array of the file's column names
    last_row      INTEGER NOT NULL,     -- last input row committed
    rows_created  INTEGER NOT NULL,
    rows_updated  INTEGER NOT NULL,
    complete      INTEGER NOT NULL,     -- 1 once the whole file is in
    audit_seq     INTEGER,
    lineage_hash  BLOB
) STRICT;

CREATE TABLE lineage_history (
    tx     INTEGER NOT NULL,            -- the audit entry that wrote this version
    tbl    INTEGER NOT NULL,
    row_id BLOB NOT NULL,
    hash   BLOB NOT NULL
) STRICT;
CREATE INDEX lineage_history_tx ON lineage_history(tx, tbl, row_id, hash);

CREATE TABLE audit_lineage (
    seq    INTEGER PRIMARY KEY,         -- audit.seq
    rows   INTEGER NOT NULL,
    digest BLOB NOT NULL                -- BLAKE3 over (tbl, key, hash) sorted, see write.rs
) STRICT;
