-- The client side of sync (issue 7): local bookkeeping, never synced and never audited (like
-- the view snapshot), but kept inside the encrypted store so a sync cut at any point resumes.

-- Small named values: the server URL, the pull cursor, how far the change log was queued,
-- the last device change number, the device token where no OS keyring exists.
CREATE TABLE sync_state (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

-- The stamp (HLC + author device) of the value each synced field holds here: a pulled
-- field's is the server's, a local edit's its own. A new local edit's base is read from it.
CREATE TABLE sync_field (
    tbl    INTEGER NOT NULL,           -- schema::TableSpec::code
    row_id ANY NOT NULL,
    col    TEXT NOT NULL,
    hlc    INTEGER NOT NULL,
    device BLOB NOT NULL,
    PRIMARY KEY (tbl, row_id, col)
) STRICT, WITHOUT ROWID;

-- Change entries queued for the server, one per device change number, frozen when queued
-- (values and bases as JSON), so a resent batch is byte for byte the one first sent.
CREATE TABLE sync_outbox (
    change_no  INTEGER PRIMARY KEY,
    change_seq INTEGER NOT NULL,       -- the local `change` entry it ships
    body       TEXT NOT NULL
) STRICT;

-- Change entries the server refused, with its reason, for the user to see.
CREATE TABLE sync_refusal (
    change_no INTEGER PRIMARY KEY,
    body      TEXT NOT NULL,
    reason    TEXT NOT NULL
) STRICT;

-- Conflicts on guarded fields as the server reported them (both values, authors, clocks).
CREATE TABLE sync_conflict (
    id     INTEGER PRIMARY KEY,        -- the server's conflict id
    tbl    INTEGER NOT NULL,
    row_id ANY NOT NULL,
    col    TEXT NOT NULL,
    open   INTEGER NOT NULL,           -- 1 while nobody has resolved it
    body   TEXT NOT NULL               -- the conflict record as JSON
) STRICT;

-- A local edit that resolves conflicts: the change entry and the conflict ids it closes.
CREATE TABLE sync_resolution (
    change_seq INTEGER PRIMARY KEY,
    conflicts  TEXT NOT NULL           -- JSON array of conflict ids
) STRICT;
