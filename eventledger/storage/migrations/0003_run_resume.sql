-- eventledger schema 3: indexes that make resuming and re-running a job cheap.
-- A re-run asks, per batch of documents, "what became of these doc_ids in this run?" and "which
-- run stored each of them last?"; a resumed run also asks "did this input (by source) already
-- fail in this run?". Without these indexes each question scans every outcome ever recorded.
CREATE INDEX run_documents_doc ON run_documents (doc_id);
CREATE INDEX run_documents_source ON run_documents (run_id, source);

-- The working directory a run was started in: its inputs are paths relative to it, so the same
-- command from the same folder resumes the run, and `eventledger retry` reads them from there.
ALTER TABLE runs ADD COLUMN workdir TEXT;
