-- "Overdue" is open tasks due before today: with this index the count reads
-- only the index entries of those tasks, never the rows themselves.
CREATE INDEX tasks_user_completed_due ON tasks (user_id, completed, due);
