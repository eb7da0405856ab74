-- Version 2: keep each document's original bytes with their SHA-256, and a full-text index.
ALTER TABLE documents ADD COLUMN source BLOB NOT NULL DEFAULT x'';
ALTER TABLE documents ADD COLUMN sha256 TEXT NOT NULL DEFAULT '';
CREATE INDEX documents_sha256 ON documents (sha256);

CREATE VIRTUAL TABLE documents_fts USING fts5 (
    name, text,
    content = 'documents', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO documents_fts (rowid, name, text) SELECT id, name, text FROM documents;

CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
    INSERT INTO documents_fts (rowid, name, text) VALUES (new.id, new.name, new.text);
END;
CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
    INSERT INTO documents_fts (documents_fts, rowid, name, text) VALUES ('delete', old.id, old.name, old.text);
END;
CREATE TRIGGER documents_fts_update AFTER UPDATE OF name, text ON documents BEGIN
    INSERT INTO documents_fts (documents_fts, rowid, name, text) VALUES ('delete', old.id, old.name, old.text);
    INSERT INTO documents_fts (rowid, name, text) VALUES (new.id, new.name, new.text);
END;
