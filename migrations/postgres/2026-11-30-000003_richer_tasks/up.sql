-- The richer task: subtasks, labels and the trash.

-- A subtask names its parent, in the same list (the model sees to that).
-- Deleting a parent deletes its subtasks; the trash copies them first.
ALTER TABLE tasks ADD COLUMN parent_id BIGINT REFERENCES tasks (id) ON DELETE CASCADE;
CREATE INDEX tasks_parent ON tasks (parent_id) WHERE parent_id IS NOT NULL;

-- A task's labels as it shows them, one per line, case kept: a page reads
-- them with the row, without a join.
ALTER TABLE tasks ADD COLUMN labels TEXT NOT NULL DEFAULT '';

-- The same labels again, one row each and lower-cased (`label_key`), so
-- that "the tasks of these lists labelled X" is a seek in one index. The
-- model writes both in the same transaction; `list_id` follows the task
-- when it moves.
CREATE TABLE task_labels (
    task_id BIGINT NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    list_id BIGINT NOT NULL REFERENCES lists (id) ON DELETE CASCADE,
    label_key TEXT NOT NULL,
    label TEXT NOT NULL,
    PRIMARY KEY (task_id, label_key)
);
CREATE INDEX task_labels_list_key ON task_labels (list_id, label_key, task_id);

-- Deleted tasks, for 30 days: the task's row as it was (same id), and who
-- deleted it when. Deleting a task takes its subtasks along; `root_id` is
-- the task that was deleted, so that they come back together. Kept out of
-- `tasks`, so that no query of live tasks, index or count has to skip them.
CREATE TABLE trash (
    id BIGINT PRIMARY KEY,
    list_id BIGINT NOT NULL REFERENCES lists (id) ON DELETE CASCADE,
    parent_id BIGINT,
    title TEXT NOT NULL,
    notes TEXT NOT NULL,
    completed BOOLEAN NOT NULL,
    due DATE,
    priority SMALLINT NOT NULL,
    position BIGINT NOT NULL,
    labels TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    completed_at TIMESTAMP,
    root_id BIGINT NOT NULL,
    trashed_at TIMESTAMP NOT NULL,
    trashed_by BIGINT REFERENCES users (id) ON DELETE SET NULL
);
CREATE INDEX trash_list_trashed_at ON trash (list_id, trashed_at);
CREATE INDEX trash_root ON trash (root_id);
CREATE INDEX trash_trashed_at ON trash (trashed_at);
