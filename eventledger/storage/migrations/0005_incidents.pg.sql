-- eventledger schema 5, PostgreSQL: the same as 0005_incidents.sql with byte-order text,
-- 64-bit integers and 8-byte floats.
CREATE TABLE incidents (
    incident_id     TEXT COLLATE "C" PRIMARY KEY,
    event_type      TEXT COLLATE "C",
    sub_event_type  TEXT COLLATE "C",
    date_start      TEXT COLLATE "C",
    date_end        TEXT COLLATE "C",
    country         TEXT COLLATE "C",
    lat             DOUBLE PRECISION,
    lon             DOUBLE PRECISION,
    fatalities_low  BIGINT,
    fatalities_high BIGINT,
    injuries_low    BIGINT,
    injuries_high   BIGINT,
    n_events        BIGINT NOT NULL DEFAULT 0,
    n_documents     BIGINT NOT NULL DEFAULT 0,
    updated         TEXT COLLATE "C" NOT NULL,
    json            TEXT NOT NULL
);
CREATE INDEX incidents_dates ON incidents (date_start, date_end);
CREATE INDEX incidents_country ON incidents (country, date_start);

CREATE TABLE incident_links (
    event_id    TEXT COLLATE "C" PRIMARY KEY REFERENCES events (event_id) ON DELETE CASCADE,
    incident_id TEXT COLLATE "C" NOT NULL REFERENCES incidents (incident_id),
    score       DOUBLE PRECISION,
    features    TEXT
);
CREATE INDEX incident_links_incident ON incident_links (incident_id);
