-- Tamga project schema, version 11: the working copy of a team hub (src/hub/, store/sync.rs).
-- What the hub held when this copy last synced. None of it is the project's content: it is
-- bookkeeping of what the hub has, written with the rows a sync brings and never undone.

-- The hub this file is a working copy of (one row): its address without any password, the
-- project's id there, and the sequence number of the last change set taken in.
CREATE TABLE hub_link (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    url       TEXT NOT NULL,
    project   TEXT NOT NULL,
    last_seq  INTEGER NOT NULL DEFAULT 0 CHECK (last_seq >= 0),
    synced_at TEXT NOT NULL DEFAULT ''
);

-- Each shared row as the hub last had it: the change set that wrote it and a hash of its
-- content ('' when the hub holds it deleted). A row whose content hashes otherwise here was
-- changed in this copy since, and goes up with the next sync.
CREATE TABLE hub_rows (
    kind TEXT NOT NULL,
    key  TEXT NOT NULL,
    seq  INTEGER NOT NULL,
    hash TEXT NOT NULL,
    PRIMARY KEY (kind, key)
) WITHOUT ROWID;

-- A change set sent whose answer has not come back (the connection broke): the next sync asks
-- the hub whether it arrived before sending anything else.
CREATE TABLE hub_pending (
    change_set TEXT NOT NULL,
    kind       TEXT NOT NULL,
    key        TEXT NOT NULL,
    hash       TEXT NOT NULL,
    PRIMARY KEY (kind, key)
) WITHOUT ROWID;

-- Rows changed here and on the hub since they last agreed, with the hub's version ("theirs";
-- content NULL: deleted there). Rows of one conflict share its `conflict` (the first row's
-- kind:key) and are resolved together; none of them goes up until then.
CREATE TABLE hub_conflicts (
    kind     TEXT NOT NULL,
    key      TEXT NOT NULL,
    conflict TEXT NOT NULL,
    seq      INTEGER NOT NULL,
    content  TEXT,
    reason   TEXT NOT NULL,
    found_at TEXT NOT NULL,
    PRIMARY KEY (kind, key)
) WITHOUT ROWID;
CREATE INDEX hub_conflicts_conflict ON hub_conflicts (conflict);
