-- Where an incident's point comes from: the source's coordinates ('reported') or an address
-- geocoded against the gazetteer ('exact', 'interpolated', 'street_only'). Rows written before
-- this migration keep NULL (unknown): the row hash skips an added column while it is NULL, so
-- their audit trail stays valid.
ALTER TABLE incident ADD COLUMN location_precision TEXT
    CHECK (location_precision IN ('reported', 'exact', 'interpolated', 'street_only'));

-- Cross-source linking: a link row ties an incident to a record of another source
-- (`target_table`, `target_id`); `confirmed` is 1 (merged), 0 (queued for an analyst) or
-- -1 (rejected: never proposed again).
CREATE INDEX link_target ON link(target_id);

-- Import batches whose link pass has finished. Derived bookkeeping like the rollup: losing a
-- row only means the (idempotent) pass runs again; never synced.
CREATE TABLE link_pass (
    batch_id  BLOB PRIMARY KEY,
    linked    INTEGER NOT NULL,
    queued    INTEGER NOT NULL
) STRICT;

-- Only quarantined and duplicate rows are ever looked up by status; accepted rows (nearly all)
-- need not pay for an index entry on every import.
DROP INDEX raw_record_status;
CREATE INDEX raw_record_status ON raw_record(status, batch_id) WHERE status <> 'accepted';
