-- What changed in each list, for CalDAV's sync-collection (RFC 6578).
-- Every write to a list's tasks moves the list's `sync_seq` on, and
-- records, per object name, the seq of its last change and whether the
-- object is gone (deleted, moved to the trash or to another list). A
-- client's sync token is a seq: what changed since is what has a greater
-- one. Kept by triggers, so that no write path can forget it.
ALTER TABLE lists ADD COLUMN sync_seq BIGINT NOT NULL DEFAULT 0;

-- Without a rowid or a second index: adding a task is the hot write, and
-- each index is one more tree to write to. A sync reads a list's rows by
-- the key's first column.
CREATE TABLE dav_changes (
    list_id INTEGER NOT NULL REFERENCES lists (id) ON DELETE CASCADE,
    dav_name TEXT NOT NULL,
    seq BIGINT NOT NULL,
    gone BOOLEAN NOT NULL,
    PRIMARY KEY (list_id, dav_name)
) WITHOUT ROWID;

-- Adding and deleting a task already update the list's counts: the seq
-- moves on in the same update. The list row is read back in the INSERT
-- ... SELECT, so that nothing is recorded for a list being deleted.
DROP TRIGGER tasks_counted_on_insert;
CREATE TRIGGER tasks_counted_on_insert AFTER INSERT ON tasks
BEGIN
    UPDATE lists
    SET open_tasks = open_tasks + (CASE WHEN NEW.completed THEN 0 ELSE 1 END),
        done_tasks = done_tasks + (CASE WHEN NEW.completed THEN 1 ELSE 0 END),
        sync_seq = sync_seq + 1
    WHERE id = NEW.list_id;
    INSERT INTO dav_changes (list_id, dav_name, seq, gone)
    SELECT id, NEW.dav_name, sync_seq, 0 FROM lists WHERE id = NEW.list_id
    ON CONFLICT (list_id, dav_name) DO UPDATE SET seq = excluded.seq, gone = excluded.gone;
END;

DROP TRIGGER tasks_counted_on_delete;
CREATE TRIGGER tasks_counted_on_delete AFTER DELETE ON tasks
BEGIN
    UPDATE lists
    SET open_tasks = open_tasks - (CASE WHEN OLD.completed THEN 0 ELSE 1 END),
        done_tasks = done_tasks - (CASE WHEN OLD.completed THEN 1 ELSE 0 END),
        sync_seq = sync_seq + 1
    WHERE id = OLD.list_id;
    INSERT INTO dav_changes (list_id, dav_name, seq, gone)
    SELECT id, OLD.dav_name, sync_seq, 1 FROM lists WHERE id = OLD.list_id
    ON CONFLICT (list_id, dav_name) DO UPDATE SET seq = excluded.seq, gone = excluded.gone;
END;

-- Any change: the old place is gone, the new one is there (the same one,
-- most often, which then ends up there).
CREATE TRIGGER tasks_synced_on_update AFTER UPDATE ON tasks
BEGIN
    UPDATE lists SET sync_seq = sync_seq + 1 WHERE id IN (OLD.list_id, NEW.list_id);
    INSERT INTO dav_changes (list_id, dav_name, seq, gone)
    SELECT id, OLD.dav_name, sync_seq, 1 FROM lists WHERE id = OLD.list_id
    ON CONFLICT (list_id, dav_name) DO UPDATE SET seq = excluded.seq, gone = excluded.gone;
    INSERT INTO dav_changes (list_id, dav_name, seq, gone)
    SELECT id, NEW.dav_name, sync_seq, 0 FROM lists WHERE id = NEW.list_id
    ON CONFLICT (list_id, dav_name) DO UPDATE SET seq = excluded.seq, gone = excluded.gone;
END;
