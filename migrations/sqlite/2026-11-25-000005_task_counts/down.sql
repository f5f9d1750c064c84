DROP TRIGGER tasks_counted_on_update;
DROP TRIGGER tasks_counted_on_delete;
DROP TRIGGER tasks_counted_on_insert;
DROP TABLE task_counts;
