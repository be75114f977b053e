-- eventledger schema 1: contract records, kept whole in a `json` column, plus indexed columns
-- for filtering. Kept to portable SQL (no SQLite-only types), so a later PostgreSQL backend can
-- share the tables and columns.

-- One row per document; `seq` is the insertion order (kept when a document is replaced), and
-- `records_hash` hashes the exact JSON of all its records, so an identical re-put is detected.
CREATE TABLE documents (
    seq          INTEGER PRIMARY KEY,
    doc_id       TEXT NOT NULL UNIQUE,
    source_id    TEXT,
    url          TEXT,
    outlet       TEXT,
    title        TEXT,
    published    TEXT,
    language     TEXT,
    records_hash TEXT NOT NULL,
    json         TEXT NOT NULL
);

-- `ord` is the record's position in the document's record list and `span_start` where it starts
-- in the text: together with the document's seq they give the stable order of records.
CREATE TABLE events (
    event_id        TEXT PRIMARY KEY,
    doc_id          TEXT NOT NULL REFERENCES documents (doc_id) ON DELETE CASCADE,
    ord             INTEGER NOT NULL,
    span_start      INTEGER,
    incident_id     TEXT,
    event_type      TEXT,
    sub_event_type  TEXT,
    plover_type     TEXT,
    cameo           TEXT,
    date_value      TEXT,
    date_start      TEXT,   -- first ISO day of the date's interval (a month: its first day)
    date_end        TEXT,   -- last ISO day of the interval
    precision       TEXT,
    country         TEXT,   -- ISO 3166-1 alpha-3
    admin1          TEXT,
    lat             REAL,
    lon             REAL,
    location_name   TEXT,
    fatalities_low  INTEGER,
    fatalities_high INTEGER,
    injuries_low    INTEGER,
    injuries_high   INTEGER,
    confidence      REAL,
    json            TEXT NOT NULL
);
CREATE INDEX events_doc ON events (doc_id);
CREATE INDEX events_dates ON events (date_start, date_end);
CREATE INDEX events_country ON events (country);
CREATE INDEX events_type ON events (event_type);
CREATE INDEX events_sub_type ON events (sub_event_type);
CREATE INDEX events_plover ON events (plover_type);
CREATE INDEX events_incident ON events (incident_id);

CREATE TABLE statements (
    statement_id TEXT PRIMARY KEY,
    doc_id       TEXT NOT NULL REFERENCES documents (doc_id) ON DELETE CASCADE,
    ord          INTEGER NOT NULL,
    span_start   INTEGER,
    json         TEXT NOT NULL
);
CREATE INDEX statements_doc ON statements (doc_id);

-- A mention has no id of its own in the contract: `mention_id` hashes doc_id, kind and span.
CREATE TABLE mentions (
    mention_id TEXT PRIMARY KEY,
    doc_id     TEXT NOT NULL REFERENCES documents (doc_id) ON DELETE CASCADE,
    ord        INTEGER NOT NULL,
    span_start INTEGER,
    kind       TEXT,
    json       TEXT NOT NULL
);
CREATE INDEX mentions_doc ON mentions (doc_id);
CREATE INDEX mentions_kind ON mentions (kind);

CREATE TABLE runs (
    seq         INTEGER PRIMARY KEY,
    run_id      TEXT NOT NULL UNIQUE,
    started     TEXT NOT NULL,
    finished    TEXT,
    command     TEXT,
    config_hash TEXT,
    inputs      TEXT NOT NULL,  -- JSON list of the inputs the run was given
    summary     TEXT            -- JSON object written by finish_run
);

-- Every input's outcome in a run: stored | unchanged | failed (with the error code and reason).
-- doc_id is not a foreign key: a failed input may never have become a stored document.
CREATE TABLE run_documents (
    seq    INTEGER PRIMARY KEY,
    run_id TEXT NOT NULL REFERENCES runs (run_id),
    doc_id TEXT,
    source TEXT,
    status TEXT NOT NULL CHECK (status IN ('stored', 'unchanged', 'failed')),
    code   TEXT,
    reason TEXT
);
CREATE INDEX run_documents_run ON run_documents (run_id);
-- A document has one stored/unchanged outcome per run; failures are listed as they happen.
CREATE UNIQUE INDEX run_documents_outcome ON run_documents (run_id, doc_id) WHERE status <> 'failed';

-- Failures are the failed outcomes; a view, so they are written once and cannot disagree.
CREATE VIEW failures AS
    SELECT seq, run_id, source, doc_id, code, reason FROM run_documents WHERE status = 'failed';
