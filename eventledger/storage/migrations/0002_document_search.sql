-- requires: fts5
-- Full-text index over documents' titles and clean text, for search. Applied only where SQLite
-- has FTS5; elsewhere it is skipped (and tried again on the next open), and nothing else needs it.
CREATE VIRTUAL TABLE documents_fts USING fts5 (doc_id UNINDEXED, title, text);

-- Index what was stored before this migration.
INSERT INTO documents_fts (doc_id, title, text)
    SELECT doc_id, title, json_extract(json, '$.text') FROM documents;
