DROP TRIGGER tasks_synced_on_update ON tasks;
DROP TRIGGER tasks_synced_on_delete ON tasks;
DROP TRIGGER tasks_synced_on_insert ON tasks;
DROP FUNCTION tasks_sync_update();
DROP FUNCTION tasks_sync_delete();
DROP FUNCTION tasks_sync_insert();
DROP TABLE dav_changes;
ALTER TABLE lists DROP COLUMN sync_seq;
