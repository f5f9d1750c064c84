-- What CalDAV clients wrote. `dav_name` is the name a client gave the
-- task's object (the last part of its URL), kept as given; a task made on
-- the web is `{uid}.ics`. `ical` is the object a client last wrote, kept
-- whole so that what ticked does not model (alarms, X- properties...)
-- survives: ticked sends it back with its own fields written over.
ALTER TABLE tasks ADD COLUMN dav_name TEXT NOT NULL DEFAULT '';
UPDATE tasks SET dav_name = uid || '.ics';
CREATE INDEX tasks_list_dav_name ON tasks (list_id, dav_name);
ALTER TABLE tasks ADD COLUMN ical TEXT;
ALTER TABLE trash ADD COLUMN dav_name TEXT NOT NULL DEFAULT '';
UPDATE trash SET dav_name = uid || '.ics';
ALTER TABLE trash ADD COLUMN ical TEXT;
