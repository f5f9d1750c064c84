-- Back to one list per user: every task goes to the owner of its list.
CREATE TABLE task_counts (
    user_id INTEGER PRIMARY KEY NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    open BIGINT NOT NULL DEFAULT 0,
    done BIGINT NOT NULL DEFAULT 0
);
CREATE TABLE tasks_old (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    notes TEXT NOT NULL DEFAULT '',
    completed BOOLEAN NOT NULL DEFAULT 0,
    due DATE,
    priority SMALLINT NOT NULL DEFAULT 1,
    position BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    completed_at TIMESTAMP
);
INSERT INTO tasks_old (id, user_id, title, notes, completed, due, priority, position,
                       created_at, updated_at, completed_at)
SELECT tasks.id, lists.owner_id, tasks.title, tasks.notes, tasks.completed, tasks.due,
       tasks.priority, tasks.position, tasks.created_at, tasks.updated_at, tasks.completed_at
FROM tasks JOIN lists ON lists.id = tasks.list_id;
DROP TABLE tasks;
ALTER TABLE tasks_old RENAME TO tasks;
DROP TABLE list_members;
DROP TABLE lists;
CREATE INDEX tasks_user_position ON tasks (user_id, position);
CREATE INDEX tasks_user_completed ON tasks (user_id, completed, position);
CREATE INDEX tasks_user_due ON tasks (user_id, due);
CREATE INDEX tasks_user_completed_due ON tasks (user_id, completed, due);
INSERT INTO task_counts (user_id, open, done)
SELECT user_id, SUM(CASE WHEN completed THEN 0 ELSE 1 END), SUM(CASE WHEN completed THEN 1 ELSE 0 END)
FROM tasks GROUP BY user_id;
CREATE TRIGGER tasks_counted_on_insert AFTER INSERT ON tasks
BEGIN
    INSERT OR IGNORE INTO task_counts (user_id) VALUES (NEW.user_id);
    UPDATE task_counts
    SET open = open + (CASE WHEN NEW.completed THEN 0 ELSE 1 END),
        done = done + (CASE WHEN NEW.completed THEN 1 ELSE 0 END)
    WHERE user_id = NEW.user_id;
END;
CREATE TRIGGER tasks_counted_on_delete AFTER DELETE ON tasks
BEGIN
    UPDATE task_counts
    SET open = open - (CASE WHEN OLD.completed THEN 0 ELSE 1 END),
        done = done - (CASE WHEN OLD.completed THEN 1 ELSE 0 END)
    WHERE user_id = OLD.user_id;
END;
CREATE TRIGGER tasks_counted_on_update AFTER UPDATE OF completed, user_id ON tasks
BEGIN
    UPDATE task_counts
    SET open = open - (CASE WHEN OLD.completed THEN 0 ELSE 1 END),
        done = done - (CASE WHEN OLD.completed THEN 1 ELSE 0 END)
    WHERE user_id = OLD.user_id;
    INSERT OR IGNORE INTO task_counts (user_id) VALUES (NEW.user_id);
    UPDATE task_counts
    SET open = open + (CASE WHEN NEW.completed THEN 0 ELSE 1 END),
        done = done + (CASE WHEN NEW.completed THEN 1 ELSE 0 END)
    WHERE user_id = NEW.user_id;
END;
