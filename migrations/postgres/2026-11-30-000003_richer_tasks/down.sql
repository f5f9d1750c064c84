DROP TABLE trash;
DROP TABLE task_labels;
DROP INDEX tasks_parent;
ALTER TABLE tasks DROP COLUMN labels;
ALTER TABLE tasks DROP COLUMN parent_id;
