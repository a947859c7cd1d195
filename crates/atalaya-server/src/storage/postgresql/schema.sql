-- The sync server's PostgreSQL schema (migration 1): the SQLite schema's tables in
-- PostgreSQL types. Released migrations are never edited.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value BIGINT NOT NULL
);
INSERT INTO meta (key, value) VALUES ('seq', 0), ('conflict', 0);

CREATE TABLE record (
    row_table TEXT NOT NULL,
    row_key   TEXT NOT NULL,
    seq       BIGINT NOT NULL UNIQUE,
    cuadrante TEXT,
    fields    TEXT NOT NULL,
    PRIMARY KEY (row_table, row_key)
);

CREATE TABLE conflict (
    id        BIGINT PRIMARY KEY,
    row_table TEXT NOT NULL,
    row_key   TEXT NOT NULL,
    open      BOOLEAN NOT NULL,
    body      TEXT NOT NULL
);
CREATE INDEX conflict_row ON conflict (row_table, row_key);

CREATE TABLE device_ledger (
    device        BYTEA PRIMARY KEY,
    applied_up_to BIGINT NOT NULL
);

CREATE TABLE refusal (
    device    BYTEA NOT NULL,
    change_no BIGINT NOT NULL,
    body      TEXT NOT NULL,
    PRIMARY KEY (device, change_no)
);

CREATE TABLE held (
    device    BYTEA NOT NULL,
    row_table TEXT NOT NULL,
    row_key   TEXT NOT NULL,
    PRIMARY KEY (device, row_table, row_key)
);

-- `user` is reserved in PostgreSQL.
CREATE TABLE account (
    id           BIGSERIAL PRIMARY KEY,
    username     TEXT NOT NULL UNIQUE,
    role         TEXT NOT NULL,
    password     TEXT NOT NULL,
    jurisdiction TEXT NOT NULL
);

CREATE TABLE device (
    id            BYTEA PRIMARY KEY,
    user_id       BIGINT NOT NULL REFERENCES account (id),
    name          TEXT NOT NULL,
    token_hash    BYTEA NOT NULL UNIQUE,
    registered_ms BIGINT NOT NULL,
    revoked       BOOLEAN NOT NULL DEFAULT FALSE
);
