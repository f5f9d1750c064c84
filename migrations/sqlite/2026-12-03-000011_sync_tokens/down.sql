DROP TRIGGER tasks_synced_on_update;
DROP TRIGGER tasks_counted_on_delete;
DROP TRIGGER tasks_counted_on_insert;
CREATE TRIGGER tasks_counted_on_insert AFTER INSERT ON tasks
BEGIN
    UPDATE lists
    SET open_tasks = open_tasks + (CASE WHEN NEW.completed THEN 0 ELSE 1 END),
        done_tasks = done_tasks + (CASE WHEN NEW.completed THEN 1 ELSE 0 END)
    WHERE id = NEW.list_id;
END;
CREATE TRIGGER tasks_counted_on_delete AFTER DELETE ON tasks
BEGIN
    UPDATE lists
    SET open_tasks = open_tasks - (CASE WHEN OLD.completed THEN 0 ELSE 1 END),
        done_tasks = done_tasks - (CASE WHEN OLD.completed THEN 1 ELSE 0 END)
    WHERE id = OLD.list_id;
END;
DROP TABLE dav_changes;
ALTER TABLE lists DROP COLUMN sync_seq;
