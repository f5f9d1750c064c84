DROP TRIGGER tasks_synced_on_update;
DROP TRIGGER tasks_synced_on_delete;
DROP TRIGGER tasks_synced_on_insert;
DROP TABLE dav_changes;
ALTER TABLE lists DROP COLUMN sync_seq;
