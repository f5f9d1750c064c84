-- Each task's iCalendar UID: how CalDAV clients know a task, kept for as
-- long as the task lives (also through the trash and moves between
-- lists). Random, as RFC 5545 asks of a UID; tasks made before get one
-- now.
ALTER TABLE tasks ADD COLUMN uid TEXT NOT NULL DEFAULT '';
UPDATE tasks SET uid = md5(random()::text || clock_timestamp()::text || id::text);
CREATE UNIQUE INDEX tasks_list_uid ON tasks (list_id, uid);
ALTER TABLE trash ADD COLUMN uid TEXT NOT NULL DEFAULT '';
UPDATE trash SET uid = md5(random()::text || clock_timestamp()::text || id::text);
