-- eventledger schema 4: what the HTTP API asks of the store, answered from indexes.
-- Rows derived from each event's and statement's JSON (filled by put_document; rows stored
-- before this migration are filled by code when it is applied), so that actor, place and
-- "statements about an event" questions never parse JSON at query time.

-- The document's insertion order on each event: the stable order of events without a join, so
-- a page of 50 events is read off the events_order index instead of sorting every match.
ALTER TABLE events ADD COLUMN doc_seq INTEGER;
-- The location name in lower case (Python's str.lower, the same in every backend), for place
-- filters that are case-insensitive beyond ASCII.
ALTER TABLE events ADD COLUMN location_key TEXT;

-- One row per actor of an event, at its position in the event's `actors` list. name_key and
-- text_key are the lower-case name and text that actor filters look in; first_in_event marks
-- the event's first actor of each name, type and country (actors() sums it: events per actor).
CREATE TABLE event_actors (
    event_id TEXT NOT NULL REFERENCES events (event_id) ON DELETE CASCADE,
    ord      INTEGER NOT NULL,
    doc_id   TEXT NOT NULL,
    role     TEXT,
    name     TEXT,
    text     TEXT,
    type     TEXT,
    country  TEXT,
    name_key TEXT,
    text_key TEXT,
    first_in_event INTEGER NOT NULL,  -- 1 on the event's first actor of this name, type, country
    PRIMARY KEY (event_id, ord)
);
CREATE INDEX event_actors_doc ON event_actors (doc_id);
-- Covers actors(): the groups are read in index order, no sort of every actor row.
CREATE INDEX event_actors_group ON event_actors (name, type, country, first_in_event);

-- Every lower-case actor name and text ever stored, once: an actor filter (a substring, which
-- no index can serve) scans these few keys, then finds their events through the indexes below
-- instead of testing every actor row. Keys of deleted documents stay (they match no row).
CREATE TABLE actor_keys (
    key TEXT PRIMARY KEY
);
CREATE INDEX event_actors_name_key ON event_actors (name_key, event_id);
CREATE INDEX event_actors_text_key ON event_actors (text_key, event_id);

-- The events each statement is about (its `about` list).
CREATE TABLE statement_about (
    statement_id TEXT NOT NULL REFERENCES statements (statement_id) ON DELETE CASCADE,
    event_id     TEXT NOT NULL,
    doc_id       TEXT NOT NULL,
    PRIMARY KEY (statement_id, event_id)
);
CREATE INDEX statement_about_event ON statement_about (event_id);
CREATE INDEX statement_about_doc ON statement_about (doc_id);

-- Schema 1's single-column indexes on the types and the country are superseded by the
-- case-insensitive ones and events_country_dates below: one less index to keep per write.
DROP INDEX events_type;
DROP INDEX events_sub_type;
DROP INDEX events_plover;
DROP INDEX events_country;

CREATE INDEX events_order ON events (doc_seq, span_start, ord);
CREATE INDEX events_country_dates ON events (country, date_start, date_end);
-- Dates with the type: a date filter checks both ends in the index before reading a row, and
-- the per-day histogram reads days and types off the index alone.
DROP INDEX events_dates;
CREATE INDEX events_dates ON events (date_start, date_end, event_type);
-- Covers places(): groups read in index order.
CREATE INDEX events_place ON events (location_name, country, admin1, lat, lon);
-- The type filter matches the ACLED type, sub-type or PLOVER type case-insensitively: an index
-- per column in that collation lets the OR of the three read off indexes.
CREATE INDEX events_type_nocase ON events (event_type COLLATE NOCASE);
CREATE INDEX events_sub_type_nocase ON events (sub_event_type COLLATE NOCASE);
CREATE INDEX events_plover_nocase ON events (plover_type COLLATE NOCASE);
-- Bounding boxes: a latitude band first.
CREATE INDEX events_point ON events (lat, lon);
