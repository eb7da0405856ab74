-- The page map of documents imported from paged formats (PDF): the character offset where each
-- page starts, as decimal numbers separated by single spaces ("0 1834 3920"); empty for
-- formats without pages. Documents imported before keep an empty map (their text, with its
-- "[page N]" lines, is not changed: offsets must not move).
ALTER TABLE documents ADD COLUMN pages TEXT NOT NULL DEFAULT '';
