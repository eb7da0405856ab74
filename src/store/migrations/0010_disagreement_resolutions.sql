-- How disagreements between two coders were resolved (the disagreement navigator): the place,
-- identified by the key `analysis::disagreements` makes from the two coders' codings there as
-- they stand after the resolution (so the navigator no longer lists it, and lists it again if
-- those codings change), what was kept, who resolved it and when. Keyed by the document's GUID,
-- as rejected suggestions are, so a record outlives a document's deletion and its undo.
CREATE TABLE disagreement_resolutions (
    document_guid TEXT NOT NULL,
    place         TEXT NOT NULL,
    outcome       TEXT NOT NULL CHECK (outcome IN ('keep_a', 'keep_b', 'keep_both', 'consensus')),
    coder_id      INTEGER NOT NULL REFERENCES coders(id),
    created_at    TEXT NOT NULL,
    PRIMARY KEY (document_guid, place)
) WITHOUT ROWID;
