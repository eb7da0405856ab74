-- Corrections: transcripts change after coding. Codings whose words are gone are
-- kept off the text ("unplaced"); each document keeps a log of who changed its text, when and
-- what; the project keeps one list of names and the pseudonyms that replace them.

-- A coding whose words were deleted or not found in a corrected version, with everything it
-- had: `coding_id` is the id it gets back when placed again (if still free), `start`/`end`
-- where it lay, `text` its quote, `memos` its attached memos as a JSON array.
CREATE TABLE unplaced_codings (
    id          INTEGER PRIMARY KEY,
    coding_id   INTEGER NOT NULL,
    guid        TEXT NOT NULL UNIQUE,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    code_id     INTEGER NOT NULL REFERENCES codes(id) ON DELETE CASCADE,
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL,
    text        TEXT NOT NULL,
    coder_id    INTEGER NOT NULL REFERENCES coders(id),
    created_at  TEXT NOT NULL,
    memo        TEXT NOT NULL DEFAULT '',
    memo_modified_at TEXT NOT NULL DEFAULT '',
    memo_modified_by INTEGER REFERENCES coders(id),
    memos       TEXT NOT NULL DEFAULT '[]',
    unplaced_at TEXT NOT NULL,
    reason      TEXT NOT NULL
);
CREATE INDEX unplaced_codings_document ON unplaced_codings (document_id);
CREATE INDEX unplaced_codings_code ON unplaced_codings (code_id);

-- A document's correction log. `changes` is a JSON array of the first changes with their old
-- and new text; `previous_*` keep the file a re-import replaced.
CREATE TABLE corrections (
    id              INTEGER PRIMARY KEY,
    guid            TEXT NOT NULL UNIQUE,
    document_id     INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    kind            TEXT NOT NULL CHECK (kind IN ('edit', 'pseudonymise', 'reimport')),
    coder_id        INTEGER NOT NULL REFERENCES coders(id),
    made_at         TEXT NOT NULL,
    summary         TEXT NOT NULL,
    changes         TEXT NOT NULL DEFAULT '[]',
    change_count    INTEGER NOT NULL,
    removed         INTEGER NOT NULL,
    inserted        INTEGER NOT NULL,
    unplaced        INTEGER NOT NULL,
    previous_name     TEXT,
    previous_format   TEXT,
    previous_encoding TEXT,
    previous_source   BLOB
);
CREATE INDEX corrections_document ON corrections (document_id, id);

-- Names and their pseudonyms: one pseudonym per name, used for every later pseudonymisation.
CREATE TABLE pseudonyms (
    name       TEXT PRIMARY KEY NOT NULL CHECK (length(name) > 0),
    pseudonym  TEXT NOT NULL CHECK (length(pseudonym) > 0),
    coder_id   INTEGER NOT NULL REFERENCES coders(id),
    created_at TEXT NOT NULL
) WITHOUT ROWID;

-- Counts changes of a document's text (an undo is a change too), so an index of the texts
-- (search) sees that a text changed without reading it.
ALTER TABLE documents ADD COLUMN text_revision INTEGER NOT NULL DEFAULT 0;
