-- How a document's paragraphs choose their base direction in the reading view: 'auto' (from
-- each paragraph's first strong character), 'ltr' or 'rtl'. Display only: text and offsets
-- are the same whatever it says.
ALTER TABLE documents ADD COLUMN direction TEXT NOT NULL DEFAULT 'auto'
    CHECK (direction IN ('auto', 'ltr', 'rtl'));
