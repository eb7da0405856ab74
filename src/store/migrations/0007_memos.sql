-- Memos: who last changed a memo, when a coding's memo last changed and by whom, a code's
-- definition card, and the codebook's history.

-- NULL: the memo's writer.
ALTER TABLE memos ADD COLUMN modified_by INTEGER REFERENCES coders(id);

ALTER TABLE codings ADD COLUMN memo_modified_at TEXT NOT NULL DEFAULT '';
ALTER TABLE codings ADD COLUMN memo_modified_by INTEGER REFERENCES coders(id);

-- The card: description (already there), when to use, when not to use, an anchor example.
ALTER TABLE codes ADD COLUMN when_to_use TEXT NOT NULL DEFAULT '';
ALTER TABLE codes ADD COLUMN when_not_to_use TEXT NOT NULL DEFAULT '';
ALTER TABLE codes ADD COLUMN example TEXT NOT NULL DEFAULT '';

-- Every rename, move, merge, split and definition change of a code. Codes are named by GUID,
-- so the history outlives a code merged away or deleted.
CREATE TABLE code_history (
    id         INTEGER PRIMARY KEY,
    code_guid  TEXT NOT NULL,
    other_guid TEXT NOT NULL DEFAULT '',
    kind       TEXT NOT NULL CHECK (kind IN ('rename', 'move', 'merge', 'split', 'description',
                                             'when_to_use', 'when_not_to_use', 'example')),
    before     TEXT NOT NULL DEFAULT '',
    after      TEXT NOT NULL DEFAULT '',
    codings    INTEGER NOT NULL DEFAULT 0,
    coder_id   INTEGER REFERENCES coders(id),
    at         TEXT NOT NULL,
    reason     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX code_history_code ON code_history (code_guid);
CREATE INDEX code_history_other ON code_history (other_guid);
