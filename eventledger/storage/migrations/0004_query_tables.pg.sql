-- eventledger schema 4, PostgreSQL: the same as 0004_query_tables.sql with byte-order text,
-- 64-bit integers, and the order index declared NULLS FIRST (SQLite's order for NULL spans).
ALTER TABLE events ADD COLUMN doc_seq BIGINT;
ALTER TABLE events ADD COLUMN location_key TEXT COLLATE "C";

CREATE TABLE event_actors (
    event_id TEXT COLLATE "C" NOT NULL REFERENCES events (event_id) ON DELETE CASCADE,
    ord      BIGINT NOT NULL,
    doc_id   TEXT COLLATE "C" NOT NULL,
    role     TEXT COLLATE "C",
    name     TEXT COLLATE "C",
    text     TEXT COLLATE "C",
    type     TEXT COLLATE "C",
    country  TEXT COLLATE "C",
    name_key TEXT COLLATE "C",
    text_key TEXT COLLATE "C",
    first_in_event BIGINT NOT NULL,
    PRIMARY KEY (event_id, ord)
);
CREATE INDEX event_actors_doc ON event_actors (doc_id);
CREATE INDEX event_actors_group ON event_actors (name, type NULLS FIRST, country NULLS FIRST, first_in_event);

-- Every lower-case actor name and text ever stored, once: an actor filter (a substring, which
-- no index can serve) scans these few keys, then finds their events through the indexes below
-- instead of testing every actor row. Keys of deleted documents stay (they match no row).
CREATE TABLE actor_keys (
    key TEXT COLLATE "C" PRIMARY KEY
);
CREATE INDEX event_actors_name_key ON event_actors (name_key, event_id);
CREATE INDEX event_actors_text_key ON event_actors (text_key, event_id);

CREATE TABLE statement_about (
    statement_id TEXT COLLATE "C" NOT NULL REFERENCES statements (statement_id) ON DELETE CASCADE,
    event_id     TEXT COLLATE "C" NOT NULL,
    doc_id       TEXT COLLATE "C" NOT NULL,
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

CREATE INDEX events_order ON events (doc_seq, span_start NULLS FIRST, ord);
CREATE INDEX events_country_dates ON events (country, date_start, date_end);
-- Dates with the type: a date filter checks both ends in the index before reading a row, and
-- the per-day histogram reads days and types off the index alone.
DROP INDEX events_dates;
CREATE INDEX events_dates ON events (date_start, date_end, event_type);
CREATE INDEX events_place ON events (location_name, country NULLS FIRST, admin1 NULLS FIRST,
                                     lat NULLS FIRST, lon NULLS FIRST);
-- The type filter compares lower() of each type column (ASCII folding, as the columns are
-- COLLATE "C"): expression indexes let the OR of the three read off indexes.
CREATE INDEX events_type_nocase ON events (lower(event_type));
CREATE INDEX events_sub_type_nocase ON events (lower(sub_event_type));
CREATE INDEX events_plover_nocase ON events (lower(plover_type));
CREATE INDEX events_point ON events (lat, lon);
