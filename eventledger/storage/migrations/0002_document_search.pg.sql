-- Full-text index over documents' titles and clean text, PostgreSQL: a tsvector per document
-- with a GIN index, in place of SQLite's FTS5 table. The store fills it with the document's
-- words as every backend splits them (base.document_words: lower-case runs of letters and
-- digits), so a search finds the same documents here as in SQLite and in memory.
CREATE TABLE documents_search (
    doc_id TEXT COLLATE "C" PRIMARY KEY REFERENCES documents (doc_id) ON DELETE CASCADE,
    search TSVECTOR NOT NULL
);
CREATE INDEX documents_search_words ON documents_search USING GIN (search);
