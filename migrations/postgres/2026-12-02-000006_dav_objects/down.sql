ALTER TABLE trash DROP COLUMN ical;
ALTER TABLE trash DROP COLUMN dav_name;
ALTER TABLE tasks DROP COLUMN ical;
DROP INDEX tasks_list_dav_name;
ALTER TABLE tasks DROP COLUMN dav_name;
