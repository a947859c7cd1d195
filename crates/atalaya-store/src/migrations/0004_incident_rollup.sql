-- Per-day incident counts by (local day, category, cuadrante, barrio, source), kept exact by the
-- write path (WriteTx adds its deltas at commit, in the same transaction). Counts, stats and the
-- cuadrante × category × week cube over whole local days read these few rows instead of every
-- incident; filters on a bounding box or text still read incidents (rollup.rs plans which).
-- Derived data: never synced, never audited, checked against the incidents by `audit verify`.
-- A missing cuadrante, barrio or source is stored as '' / X'' (primary-key columns are NOT NULL).
CREATE TABLE incident_rollup (
    local_day INTEGER NOT NULL,
    category  TEXT NOT NULL,
    cuadrante TEXT NOT NULL,
    barrio    TEXT NOT NULL,
    source_id BLOB NOT NULL,
    n         INTEGER NOT NULL CHECK (n >= 0),   -- rows reaching 0 are deleted at once
    PRIMARY KEY (local_day, category, cuadrante, barrio, source_id)
) STRICT, WITHOUT ROWID;

INSERT INTO incident_rollup (local_day, category, cuadrante, barrio, source_id, n)
SELECT local_day, category, coalesce(cuadrante, ''), coalesce(barrio, ''), coalesce(source_id, X''),
       count(*)
FROM incident
GROUP BY 1, 2, 3, 4, 5;
