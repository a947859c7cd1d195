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

-- The same counts by local week (`week` = the Monday's day number): long windows read whole
-- weeks here and only their ragged ends from the daily rows.
CREATE TABLE incident_rollup_week (
    week      INTEGER NOT NULL,
    category  TEXT NOT NULL,
    cuadrante TEXT NOT NULL,
    barrio    TEXT NOT NULL,
    source_id BLOB NOT NULL,
    n         INTEGER NOT NULL CHECK (n >= 0),
    PRIMARY KEY (week, category, cuadrante, barrio, source_id)
) STRICT, WITHOUT ROWID;

-- 1970-01-01 (day 0) was a Thursday: a day's Monday is day - (day + 3) mod 7 (days are >= 0
-- here; the write path uses the Euclidean remainder for earlier days).
INSERT INTO incident_rollup_week (week, category, cuadrante, barrio, source_id, n)
SELECT local_day - ((local_day + 3) % 7 + 7) % 7, category, cuadrante, barrio, source_id, sum(n)
FROM incident_rollup
GROUP BY 1, 2, 3, 4, 5;

-- An incident's detail lists the raw input rows it came from: find them without a scan.
CREATE INDEX raw_record_target ON raw_record(target_id) WHERE target_id IS NOT NULL;
