-- Version 4: search runs on an index kept in memory (src/search/), which matches one- and
-- two-character Chinese words and keeps Kazakh letters apart; the FTS5 table of version 2 did
-- neither and nothing reads it any more.
DROP TRIGGER documents_fts_insert;
DROP TRIGGER documents_fts_delete;
DROP TRIGGER documents_fts_update;
DROP TABLE documents_fts;

-- Passages a researcher rejected as suggestions for a code ("passages like these"): never
-- suggested again for that code. Keyed by GUIDs, which survive delete-and-undo and are never
-- reused, so a rejection comes back with its code or document; rows of a deleted code or
-- document are simply never read.
CREATE TABLE suggestion_rejections (
    code_guid     TEXT NOT NULL,
    document_guid TEXT NOT NULL,
    start         INTEGER NOT NULL CHECK (start >= 0),
    "end"         INTEGER NOT NULL CHECK ("end" > start),
    coder_id      INTEGER NOT NULL REFERENCES coders(id),
    created_at    TEXT NOT NULL,
    PRIMARY KEY (code_guid, document_guid, start, "end")
) WITHOUT ROWID;
