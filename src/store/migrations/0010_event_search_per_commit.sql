-- 0010 The search index is filled once per commit (SQLite). FTS5 writes a new index segment at
-- every savepoint once its table is part of a transaction, and the SQLite writer gives each
-- write of a group commit its own savepoint: indexing each event as it was inserted cost about
-- a fifth of event intake. Inserted events now only queue their id in event_fts_pending;
-- events::index_pending_events indexes the queue and empties it just before the commit (work
-- registered through store::Tx::before_commit by the code that inserts events). Edits and
-- deletes of an event still waiting in the queue leave the index alone: it is indexed from the
-- row as it stands at the commit.

-- @sqlite
CREATE TABLE event_fts_pending (id INTEGER PRIMARY KEY);
DROP TRIGGER event_fts_insert;
DROP TRIGGER event_fts_delete;
DROP TRIGGER event_fts_update;
CREATE TRIGGER event_fts_insert AFTER INSERT ON event BEGIN
  INSERT INTO event_fts_pending (id) VALUES (new.id);
END;
CREATE TRIGGER event_fts_delete AFTER DELETE ON event BEGIN
  INSERT INTO event_fts (event_fts, rowid, title, description, address)
    SELECT 'delete', old.id, old.title, old.description, old.address
    WHERE NOT EXISTS (SELECT 1 FROM event_fts_pending WHERE id = old.id);
  DELETE FROM event_fts_pending WHERE id = old.id;
END;
CREATE TRIGGER event_fts_update AFTER UPDATE OF title, description, address ON event
WHEN NOT EXISTS (SELECT 1 FROM event_fts_pending WHERE id = new.id) BEGIN
  INSERT INTO event_fts (event_fts, rowid, title, description, address)
    VALUES ('delete', old.id, old.title, old.description, old.address);
  INSERT INTO event_fts (rowid, title, description, address)
    VALUES (new.id, new.title, new.description, new.address);
END;
-- @end
