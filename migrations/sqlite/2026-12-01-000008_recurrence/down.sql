ALTER TABLE trash DROP COLUMN last_done_at;
ALTER TABLE trash DROP COLUMN completions;
ALTER TABLE trash DROP COLUMN repeat_from;
ALTER TABLE trash DROP COLUMN rrule;
ALTER TABLE tasks DROP COLUMN last_done_at;
ALTER TABLE tasks DROP COLUMN completions;
ALTER TABLE tasks DROP COLUMN repeat_from;
ALTER TABLE tasks DROP COLUMN rrule;
