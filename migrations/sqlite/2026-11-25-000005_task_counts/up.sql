-- How many open and done tasks each user has, kept by triggers in the same
-- transaction as every change to `tasks`. Counting a user's rows on every
-- page view costs time in proportion to their tasks (tens of milliseconds
-- at 100,000); reading this row costs the same for everyone.
CREATE TABLE task_counts (
    user_id INTEGER PRIMARY KEY NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    open BIGINT NOT NULL DEFAULT 0,
    done BIGINT NOT NULL DEFAULT 0
);

INSERT INTO task_counts (user_id, open, done)
SELECT user_id, SUM(CASE WHEN completed THEN 0 ELSE 1 END), SUM(CASE WHEN completed THEN 1 ELSE 0 END)
FROM tasks
GROUP BY user_id;

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
