-- Tamga project schema, version 1.
CREATE TABLE project (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE coders (
    id   INTEGER PRIMARY KEY,
    guid TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL UNIQUE
);

CREATE TABLE documents (
    id            INTEGER PRIMARY KEY,
    guid          TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL UNIQUE,
    text          TEXT NOT NULL,
    chars         INTEGER NOT NULL,
    original_name TEXT NOT NULL,
    format        TEXT NOT NULL,
    encoding      TEXT NOT NULL,
    imported_at   TEXT NOT NULL,
    position      INTEGER NOT NULL
);

CREATE TABLE codes (
    id          INTEGER PRIMARY KEY,
    guid        TEXT NOT NULL UNIQUE,
    parent_id   INTEGER REFERENCES codes(id) ON DELETE CASCADE,
    name        TEXT NOT NULL CHECK (length(name) > 0),
    color       TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    position    INTEGER NOT NULL,
    created_at  TEXT NOT NULL
);
-- Names are unique among siblings; top-level codes share the parent 0.
CREATE UNIQUE INDEX codes_sibling_name ON codes (ifnull(parent_id, 0), name);

CREATE TABLE codings (
    id          INTEGER PRIMARY KEY,
    guid        TEXT NOT NULL UNIQUE,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    code_id     INTEGER NOT NULL REFERENCES codes(id) ON DELETE CASCADE,
    start       INTEGER NOT NULL CHECK (start >= 0),
    "end"       INTEGER NOT NULL CHECK ("end" > start),
    text        TEXT NOT NULL,
    coder_id    INTEGER NOT NULL REFERENCES coders(id),
    created_at  TEXT NOT NULL,
    memo        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX codings_document ON codings (document_id, start);
CREATE INDEX codings_code ON codings (code_id);

CREATE TABLE memos (
    id          INTEGER PRIMARY KEY,
    guid        TEXT NOT NULL UNIQUE,
    document_id INTEGER REFERENCES documents(id) ON DELETE CASCADE,
    code_id     INTEGER REFERENCES codes(id) ON DELETE CASCADE,
    coding_id   INTEGER REFERENCES codings(id) ON DELETE CASCADE,
    title       TEXT NOT NULL DEFAULT '',
    body        TEXT NOT NULL DEFAULT '',
    coder_id    INTEGER NOT NULL REFERENCES coders(id),
    created_at  TEXT NOT NULL,
    modified_at TEXT NOT NULL,
    CHECK ((document_id IS NOT NULL) + (code_id IS NOT NULL) + (coding_id IS NOT NULL) <= 1)
);
CREATE INDEX memos_document ON memos (document_id);
CREATE INDEX memos_code ON memos (code_id);
CREATE INDEX memos_coding ON memos (coding_id);
