-- A saved copy of the main screen's in-memory index (one encoded blob), so unlocking a large
-- store reads one blob and catches up on the change log instead of scanning every incident.
-- Derived data like the rollup: never synced, never audited; `audit_seq` / `change_seq` say
-- how far it reflects the store, and a missing or unreadable row only means a full scan.
CREATE TABLE view_snapshot (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    format     INTEGER NOT NULL,
    audit_seq  INTEGER NOT NULL,
    change_seq INTEGER NOT NULL,
    data       BLOB NOT NULL
) STRICT;
