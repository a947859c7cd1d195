-- The sync server's database (migration 1). Released migrations are never edited.

-- Counters: 'seq' (last server sequence), 'conflict' (last conflict id).
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO meta (key, value) VALUES ('seq', 0), ('conflict', 0);

-- Records: every field with its version (JSON: column -> Field), under the server sequence
-- of their last change. `cuadrante` is copied out for SQL-side scoping later.
CREATE TABLE record (
    row_table TEXT NOT NULL,
    row_key   TEXT NOT NULL,           -- JSON of the RowId
    seq       INTEGER NOT NULL UNIQUE,
    cuadrante TEXT,
    fields    TEXT NOT NULL,
    PRIMARY KEY (row_table, row_key)
) WITHOUT ROWID;

CREATE TABLE conflict (
    id        INTEGER PRIMARY KEY,
    row_table TEXT NOT NULL,
    row_key   TEXT NOT NULL,
    open      INTEGER NOT NULL,
    body      TEXT NOT NULL            -- JSON of the Conflict
);
CREATE INDEX conflict_row ON conflict (row_table, row_key);

-- Per device: highest change number settled, refusals (answered again on a replay), and the
-- records it was ever sent (so it can be told to evict them).
CREATE TABLE device_ledger (
    device        BLOB PRIMARY KEY,
    applied_up_to INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE refusal (
    device    BLOB NOT NULL,
    change_no INTEGER NOT NULL,
    body      TEXT NOT NULL,           -- JSON of the Refusal
    PRIMARY KEY (device, change_no)
) WITHOUT ROWID;

CREATE TABLE held (
    device    BLOB NOT NULL,
    row_table TEXT NOT NULL,
    row_key   TEXT NOT NULL,
    PRIMARY KEY (device, row_table, row_key)
) WITHOUT ROWID;

CREATE TABLE user (
    id           INTEGER PRIMARY KEY,
    username     TEXT NOT NULL UNIQUE,
    role         TEXT NOT NULL,
    password     TEXT NOT NULL,        -- Argon2id PHC string
    jurisdiction TEXT NOT NULL         -- JSON: "all" or {"cuadrantes": [...]}
);

CREATE TABLE device (
    id            BLOB PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES user (id),
    name          TEXT NOT NULL,
    token_hash    BLOB NOT NULL UNIQUE, -- BLAKE3 of the token; the token is never stored
    registered_ms INTEGER NOT NULL,
    revoked       INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
