-- eventledger schema 5: incidents, the events of any number of documents that report one
-- real-world incident (written by cross-document merging, after extraction).

-- The contract's incident record, whole in `json`, with indexed columns for filtering.
-- n_events and n_documents count its links (kept in step by the store); `updated` is when its
-- record last changed.
CREATE TABLE incidents (
    incident_id     TEXT PRIMARY KEY,
    event_type      TEXT,
    sub_event_type  TEXT,
    date_start      TEXT,
    date_end        TEXT,
    country         TEXT,
    lat             REAL,
    lon             REAL,
    fatalities_low  INTEGER,
    fatalities_high INTEGER,
    injuries_low    INTEGER,
    injuries_high   INTEGER,
    n_events        INTEGER NOT NULL DEFAULT 0,
    n_documents     INTEGER NOT NULL DEFAULT 0,
    updated         TEXT NOT NULL,
    json            TEXT NOT NULL
);
CREATE INDEX incidents_dates ON incidents (date_start, date_end);
CREATE INDEX incidents_country ON incidents (country, date_start);

-- Which incident each event belongs to, with the merge score and the features behind it (JSON).
-- An event has at most one link; an incident left without links is deleted by the store.
CREATE TABLE incident_links (
    event_id    TEXT PRIMARY KEY REFERENCES events (event_id) ON DELETE CASCADE,
    incident_id TEXT NOT NULL REFERENCES incidents (incident_id),
    score       REAL,
    features    TEXT
);
CREATE INDEX incident_links_incident ON incident_links (incident_id);
