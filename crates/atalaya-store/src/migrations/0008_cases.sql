-- Cases travel (issue 7), and so their rows are shaped for sync. The tables of 0001 were
-- never written by any release, so they are replaced rather than altered:
-- * people are named by username (as the server knows them), not by a local user id that
--   no other replica holds;
-- * every row carries the case's `cuadrante` (NULL: the whole comuna), set when the case is
--   opened and never changed, because the server admits a record to a user by its own
--   `cuadrante` column — a field user of cuadrante 3 receives the cases of cuadrante 3 with
--   their items and reviews, and nothing else;
-- * no foreign keys: a replica may receive a case's items before the case itself (a pull
--   page is ordered by each record's last change) and evicts them one by one.
DROP TABLE review;
DROP TABLE case_item;
DROP TABLE case_file;

CREATE TABLE case_file (
    id         BLOB PRIMARY KEY,
    title      TEXT NOT NULL,
    status     TEXT NOT NULL CHECK (status IN ('open', 'in_review', 'approved', 'closed')),
    owner      TEXT,
    supervisor TEXT,
    cuadrante  TEXT,
    opened_at  INTEGER NOT NULL            -- Unix seconds
) STRICT;

-- A case's timeline: an incident (or another record) placed on it, a note, or a step of its
-- status (`status`, the new status in `note`: sent for review, closed, reopened; a review's
-- step is the review). Only ever inserted, so two replicas' items merge as a union.
CREATE TABLE case_item (
    id        BLOB PRIMARY KEY,
    case_id   BLOB NOT NULL,
    at        INTEGER NOT NULL,            -- Unix seconds
    item_kind TEXT NOT NULL CHECK (item_kind IN
                ('incident', 'camera_event', 'citizen_report', 'registry_record', 'note',
                 'status')),
    ref_id    BLOB,
    note      TEXT,
    added_by  TEXT,
    cuadrante TEXT
) STRICT;
CREATE INDEX case_item_case ON case_item(case_id, at);

-- A supervisor's decision; the case's status follows it in the same transaction.
CREATE TABLE review (
    id        BLOB PRIMARY KEY,
    case_id   BLOB NOT NULL,
    reviewer  TEXT,
    decision  TEXT NOT NULL CHECK (decision IN ('approve', 'request_changes', 'reject')),
    comment   TEXT NOT NULL,
    at        INTEGER NOT NULL,            -- Unix seconds
    cuadrante TEXT
) STRICT;
CREATE INDEX review_case ON review(case_id, at);
