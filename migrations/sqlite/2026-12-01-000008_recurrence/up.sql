-- Repeating tasks. `rrule` is the rule as RFC 5545 writes it (in ticked's
-- subset, one canonical form), so the CalDAV face can send it unchanged;
-- NULL is a task that does not repeat. `repeat_from` says what the next
-- due date counts from: 'due' (a fixed schedule) or 'completion'.
-- Completing a repeating task moves its due date on instead of closing
-- it; `completions` and `last_done_at` keep the record of those.
ALTER TABLE tasks ADD COLUMN rrule TEXT;
ALTER TABLE tasks ADD COLUMN repeat_from TEXT NOT NULL DEFAULT 'due';
ALTER TABLE tasks ADD COLUMN completions BIGINT NOT NULL DEFAULT 0;
ALTER TABLE tasks ADD COLUMN last_done_at TIMESTAMP;

-- The trash keeps the row as it was, these columns included.
ALTER TABLE trash ADD COLUMN rrule TEXT;
ALTER TABLE trash ADD COLUMN repeat_from TEXT NOT NULL DEFAULT 'due';
ALTER TABLE trash ADD COLUMN completions BIGINT NOT NULL DEFAULT 0;
ALTER TABLE trash ADD COLUMN last_done_at TIMESTAMP;
