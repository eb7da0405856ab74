-- Attributes (variables) of documents and of cases, their values, and cases with their
-- members: whole documents or passages of them.
CREATE TABLE attributes (
    id    INTEGER PRIMARY KEY,
    guid  TEXT NOT NULL UNIQUE,
    scope TEXT NOT NULL CHECK (scope IN ('documents', 'cases')),
    name  TEXT NOT NULL CHECK (length(name) > 0),
    -- text, number, date, yes_no or choice
    kind  TEXT NOT NULL CHECK (kind IN ('text', 'number', 'date', 'yes_no', 'choice')),
    -- The choices of a `choice` attribute as a JSON array of strings; '[]' otherwise.
    choices TEXT NOT NULL DEFAULT '[]',
    UNIQUE (scope, name)
);

CREATE TABLE cases (
    id         INTEGER PRIMARY KEY,
    guid       TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL UNIQUE CHECK (length(name) > 0),
    created_at TEXT NOT NULL
);

CREATE TABLE document_values (
    document_id  INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    attribute_id INTEGER NOT NULL REFERENCES attributes(id) ON DELETE CASCADE,
    value        TEXT NOT NULL,
    PRIMARY KEY (document_id, attribute_id)
) WITHOUT ROWID;
CREATE INDEX document_values_attribute ON document_values (attribute_id);

CREATE TABLE case_values (
    case_id      INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    attribute_id INTEGER NOT NULL REFERENCES attributes(id) ON DELETE CASCADE,
    value        TEXT NOT NULL,
    PRIMARY KEY (case_id, attribute_id)
) WITHOUT ROWID;
CREATE INDEX case_values_attribute ON case_values (attribute_id);

-- A member with no range is the whole document; otherwise char offsets, end exclusive.
CREATE TABLE case_members (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start       INTEGER CHECK (start >= 0),
    "end"       INTEGER,
    CHECK ((start IS NULL) = ("end" IS NULL)),
    CHECK (start IS NULL OR "end" > start)
);
CREATE INDEX case_members_case ON case_members (case_id);
CREATE INDEX case_members_document ON case_members (document_id, start);
