-- Schema v2: full-text search over incident descriptions and addresses (FTS5, external content:
-- the text lives once, in `incident`; the write path keeps the index in step).
CREATE VIRTUAL TABLE incident_fts USING fts5(
    description, address,
    content = 'incident', content_rowid = 'rid',
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO incident_fts(incident_fts) VALUES ('rebuild');
