-- Version 3: the reading view reads where a document's codings lie from the index alone,
-- without visiting the table rows (which carry each passage's text).
DROP INDEX codings_document;
CREATE INDEX codings_document ON codings (document_id, start, "end", code_id);
