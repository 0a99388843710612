-- 0005 Chinese full-text search over events' title, description and address (substrings of
-- 3+ characters through trigram indexes; list_events falls back to LIKE for shorter queries).
-- Same token rules as 0001.

-- @sqlite
-- An external-content FTS5 table over `event`, kept in step by triggers. The trigram tokenizer
-- indexes every 3-character window, so any substring of 3+ characters (Chinese or not) matches.
CREATE VIRTUAL TABLE event_fts USING fts5(
  title, description, address,
  content = 'event', content_rowid = 'id', tokenize = 'trigram'
);
CREATE TRIGGER event_fts_insert AFTER INSERT ON event BEGIN
  INSERT INTO event_fts (rowid, title, description, address)
    VALUES (new.id, new.title, new.description, new.address);
END;
CREATE TRIGGER event_fts_delete AFTER DELETE ON event BEGIN
  INSERT INTO event_fts (event_fts, rowid, title, description, address)
    VALUES ('delete', old.id, old.title, old.description, old.address);
END;
-- Only text edits touch the index (state changes update the row far more often).
CREATE TRIGGER event_fts_update AFTER UPDATE OF title, description, address ON event BEGIN
  INSERT INTO event_fts (event_fts, rowid, title, description, address)
    VALUES ('delete', old.id, old.title, old.description, old.address);
  INSERT INTO event_fts (rowid, title, description, address)
    VALUES (new.id, new.title, new.description, new.address);
END;
INSERT INTO event_fts (event_fts) VALUES ('rebuild');
-- @end

-- @postgres
-- pg_trgm GIN indexes serve ILIKE '%…%' on each column (pg_trgm is a trusted extension).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX event_title_trgm ON event USING gin (title gin_trgm_ops);
CREATE INDEX event_description_trgm ON event USING gin (description gin_trgm_ops);
CREATE INDEX event_address_trgm ON event USING gin (address gin_trgm_ops);
-- @end
