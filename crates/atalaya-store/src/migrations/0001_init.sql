-- Atalaya schema v1: the standardized model, the change log and the audit chain.
-- Released migrations are never edited; add a new file instead.
-- Times are Unix seconds (UTC) unless named *_ms. Record ids are 16-byte UUIDv7 BLOBs;
-- reference data (areas, streets) is keyed by a stable text code.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE device (
    n  INTEGER PRIMARY KEY,
    id BLOB NOT NULL UNIQUE
) STRICT;

-- One entry per changed record per write transaction: which fields changed, when (HLC), where.
CREATE TABLE change (
    seq      INTEGER PRIMARY KEY,
    tx       INTEGER NOT NULL,          -- audit.seq of the transaction
    tbl      INTEGER NOT NULL,          -- schema::TableSpec::code
    row_id   ANY NOT NULL,
    fields   INTEGER NOT NULL,          -- bit i = the table's column i; 0 = record deleted
    hlc      INTEGER NOT NULL,
    device   INTEGER NOT NULL REFERENCES device(n),
    row_hash BLOB                       -- BLAKE3-128 of the record after the change; NULL if deleted
) STRICT;

-- Append-only, hash-chained: hash = BLAKE3(prev_hash ‖ fields ‖ content_hash).
CREATE TABLE audit (
    seq          INTEGER PRIMARY KEY,
    at_ms        INTEGER NOT NULL,
    actor        TEXT NOT NULL,
    action       TEXT NOT NULL,
    detail       TEXT NOT NULL,
    changes      INTEGER NOT NULL,
    content_hash BLOB NOT NULL,
    prev_hash    BLOB NOT NULL,
    hash         BLOB NOT NULL
) STRICT;

-- The standard taxonomy (assets/taxonomy.toml), loaded and kept current by the API at open.
CREATE TABLE category_group (
    code     TEXT PRIMARY KEY,
    label_es TEXT NOT NULL,
    label_en TEXT NOT NULL,
    position INTEGER NOT NULL
) STRICT;

CREATE TABLE category (
    code       TEXT PRIMARY KEY,
    group_code TEXT NOT NULL REFERENCES category_group(code),
    label_es   TEXT NOT NULL,
    label_en   TEXT NOT NULL,
    position   INTEGER NOT NULL
) STRICT;

CREATE TABLE source (
    id      BLOB PRIMARY KEY,
    kind    TEXT NOT NULL,
    name    TEXT NOT NULL UNIQUE,
    profile TEXT
) STRICT;

CREATE TABLE import_batch (
    id               BLOB PRIMARY KEY,
    source_id        BLOB NOT NULL REFERENCES source(id),
    origin           TEXT NOT NULL,
    content_hash     TEXT NOT NULL,
    rows_read        INTEGER NOT NULL,
    rows_accepted    INTEGER NOT NULL,
    rows_quarantined INTEGER NOT NULL,
    rows_duplicate   INTEGER NOT NULL,
    imported_by      BLOB,
    imported_at      INTEGER NOT NULL,
    UNIQUE (source_id, content_hash)
) STRICT;

-- Every input row verbatim, with its lineage; quarantined rows keep the reason.
CREATE TABLE raw_record (
    id           BLOB PRIMARY KEY,
    batch_id     BLOB NOT NULL REFERENCES import_batch(id),
    row_number   INTEGER NOT NULL,
    content      TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('accepted', 'quarantined', 'duplicate')),
    reason       TEXT,
    target_table TEXT,
    target_id    BLOB,
    UNIQUE (batch_id, row_number)
) STRICT;

CREATE TABLE area (
    code     TEXT PRIMARY KEY,
    kind     TEXT NOT NULL CHECK (kind IN ('comuna', 'cuadrante', 'barrio')),
    name     TEXT NOT NULL,
    geometry TEXT NOT NULL,             -- GeoJSON geometry, WGS84
    min_lon  REAL NOT NULL,
    min_lat  REAL NOT NULL,
    max_lon  REAL NOT NULL,
    max_lat  REAL NOT NULL
) STRICT;

CREATE TABLE street (
    code        TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    main_axis   INTEGER NOT NULL,
    line        TEXT NOT NULL,          -- GeoJSON LineString coordinates, WGS84
    number_from INTEGER,
    number_to   INTEGER
) STRICT;
CREATE INDEX street_name ON street(name);

CREATE TABLE app_user (
    id           BLOB PRIMARY KEY,
    username     TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    role         TEXT NOT NULL CHECK (role IN ('analyst', 'supervisor', 'field', 'admin')),
    jurisdiction BLOB
) STRICT;

CREATE TABLE jurisdiction (
    id    BLOB PRIMARY KEY,
    name  TEXT NOT NULL UNIQUE,
    areas TEXT NOT NULL                 -- JSON array of area codes
) STRICT;

CREATE TABLE incident (
    rid               INTEGER PRIMARY KEY,   -- local row number (FTS rowid); never leaves the store
    id                BLOB NOT NULL UNIQUE,
    occurred_from     INTEGER NOT NULL,
    occurred_to       INTEGER,
    reported_at       INTEGER,
    local_day         INTEGER NOT NULL,      -- America/Santiago date, days since 1970-01-01
    local_hour        INTEGER NOT NULL,      -- America/Santiago hour 0-23
    category          TEXT NOT NULL,
    original_category TEXT,
    description       TEXT NOT NULL,
    lon               REAL,
    lat               REAL,
    accuracy_m        REAL,
    address           TEXT,
    cuadrante         TEXT,
    barrio            TEXT,
    status            TEXT NOT NULL,
    sensitivity       TEXT NOT NULL,
    source_id         BLOB,
    batch_id          BLOB,
    created_by        BLOB
) STRICT;
-- Covers time-window filters and the cuadrante × category × week aggregate without touching
-- the table (whose pages are large and encrypted); also serves plain ORDER BY occurred_from.
CREATE INDEX incident_occurred_cover ON incident(occurred_from, category, cuadrante, barrio, local_day);

CREATE TABLE camera (
    id          BLOB PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    lon         REAL NOT NULL,
    lat         REAL NOT NULL,
    heading_deg REAL,
    zone        TEXT
) STRICT;

CREATE TABLE camera_event (
    id          BLOB PRIMARY KEY,
    camera_id   BLOB NOT NULL REFERENCES camera(id),
    at          INTEGER NOT NULL,
    kind        TEXT NOT NULL,
    description TEXT NOT NULL,
    source_id   BLOB
) STRICT;

CREATE TABLE patrol_track (
    id        BLOB PRIMARY KEY,
    unit      TEXT NOT NULL,
    started_at INTEGER NOT NULL,
    ended_at  INTEGER NOT NULL,
    points    TEXT NOT NULL,            -- JSON [[lon, lat, unix_s], …]
    source_id BLOB
) STRICT;

CREATE TABLE citizen_report (
    id          BLOB PRIMARY KEY,
    received_at INTEGER NOT NULL,
    channel     TEXT NOT NULL,
    text        TEXT NOT NULL,
    address     TEXT,
    lon         REAL,
    lat         REAL,
    source_id   BLOB
) STRICT;

CREATE TABLE registry_record (
    id            BLOB PRIMARY KEY,
    institution   TEXT NOT NULL,
    case_number   TEXT NOT NULL,
    recorded_at   INTEGER NOT NULL,
    category_text TEXT NOT NULL,
    source_id     BLOB,
    UNIQUE (institution, case_number)
) STRICT;

CREATE TABLE link (
    id           BLOB PRIMARY KEY,
    incident_id  BLOB NOT NULL,
    target_table TEXT NOT NULL,
    target_id    BLOB NOT NULL,
    score        REAL NOT NULL,
    confirmed    INTEGER NOT NULL
) STRICT;
CREATE INDEX link_incident ON link(incident_id);

CREATE TABLE case_file (
    id           BLOB PRIMARY KEY,
    title        TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('open', 'in_review', 'approved', 'closed')),
    owner        BLOB,
    supervisor   BLOB,
    jurisdiction BLOB,
    opened_at    INTEGER NOT NULL
) STRICT;

CREATE TABLE case_item (
    id        BLOB PRIMARY KEY,
    case_id   BLOB NOT NULL REFERENCES case_file(id),
    at        INTEGER NOT NULL,
    item_kind TEXT NOT NULL,
    ref_id    BLOB,
    note      TEXT,
    added_by  BLOB
) STRICT;

CREATE TABLE review (
    id       BLOB PRIMARY KEY,
    case_id  BLOB NOT NULL REFERENCES case_file(id),
    reviewer BLOB,
    decision TEXT NOT NULL CHECK (decision IN ('approve', 'request_changes', 'reject')),
    comment  TEXT NOT NULL,
    at       INTEGER NOT NULL
) STRICT;

-- Photos and documents; the bytes live in this (encrypted) database.
CREATE TABLE attachment (
    id       BLOB PRIMARY KEY,
    sha256   TEXT NOT NULL,
    mime     TEXT NOT NULL,
    size     INTEGER NOT NULL,
    data     BLOB NOT NULL,
    added_by BLOB,
    added_at INTEGER NOT NULL
) STRICT;
