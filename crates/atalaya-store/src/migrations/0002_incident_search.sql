-- Schema v2: full-text search over incident descriptions and addresses (FTS5, external content:
-- the text lives once, in `incident`). The index is a derived structure caught up lazily: rows
-- with rid above the high-water mark in `meta` are indexed in one pass before the next text
-- query (see search.rs), so bulk writes do not pay for tokenizing row by row.
CREATE VIRTUAL TABLE incident_fts USING fts5(
    description, address,
    content = 'incident', content_rowid = 'rid',
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO meta(key, value) VALUES ('fts_indexed_rid:incident_fts', '0');
