-- Back to one list per user: every task goes to the owner of its list.
DROP TRIGGER tasks_counted_on_update ON tasks;
DROP TRIGGER tasks_counted_on_delete ON tasks;
DROP TRIGGER tasks_counted_on_insert ON tasks;
DROP FUNCTION tasks_count_update();
DROP FUNCTION tasks_count_delete();
DROP FUNCTION tasks_count_insert();
ALTER TABLE tasks ADD COLUMN user_id BIGINT REFERENCES users (id) ON DELETE CASCADE;
UPDATE tasks SET user_id = lists.owner_id FROM lists WHERE lists.id = tasks.list_id;
ALTER TABLE tasks ALTER COLUMN user_id SET NOT NULL;
ALTER TABLE tasks DROP COLUMN list_id;
DROP TABLE list_members;
DROP TABLE lists;
CREATE INDEX tasks_user_position ON tasks (user_id, position);
CREATE INDEX tasks_user_completed ON tasks (user_id, completed, position);
CREATE INDEX tasks_user_due ON tasks (user_id, due);
CREATE INDEX tasks_user_completed_due ON tasks (user_id, completed, due);
CREATE TABLE task_counts (
    user_id BIGINT PRIMARY KEY NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    open BIGINT NOT NULL DEFAULT 0,
    done BIGINT NOT NULL DEFAULT 0
);
INSERT INTO task_counts (user_id, open, done)
SELECT user_id, COUNT(*) FILTER (WHERE NOT completed), COUNT(*) FILTER (WHERE completed)
FROM tasks GROUP BY user_id;
CREATE FUNCTION tasks_count_change() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO task_counts AS kept (user_id, open, done)
        SELECT user_id, COUNT(*) FILTER (WHERE NOT completed), COUNT(*) FILTER (WHERE completed)
        FROM new_rows GROUP BY user_id
        ON CONFLICT (user_id) DO UPDATE
        SET open = kept.open + EXCLUDED.open, done = kept.done + EXCLUDED.done;
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE task_counts AS kept
        SET open = kept.open - gone.open, done = kept.done - gone.done
        FROM (SELECT user_id,
                     COUNT(*) FILTER (WHERE NOT completed) AS open,
                     COUNT(*) FILTER (WHERE completed) AS done
              FROM old_rows GROUP BY user_id) AS gone
        WHERE kept.user_id = gone.user_id;
    ELSE
        INSERT INTO task_counts AS kept (user_id, open, done)
        SELECT user_id, SUM(open), SUM(done)
        FROM (SELECT user_id,
                     CASE WHEN completed THEN 0 ELSE 1 END AS open,
                     CASE WHEN completed THEN 1 ELSE 0 END AS done
              FROM new_rows
              UNION ALL
              SELECT user_id,
                     CASE WHEN completed THEN 0 ELSE -1 END,
                     CASE WHEN completed THEN -1 ELSE 0 END
              FROM old_rows) AS delta
        GROUP BY user_id
        HAVING SUM(open) <> 0 OR SUM(done) <> 0
        ON CONFLICT (user_id) DO UPDATE
        SET open = kept.open + EXCLUDED.open, done = kept.done + EXCLUDED.done;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER tasks_counted_on_insert AFTER INSERT ON tasks
REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION tasks_count_change();

CREATE TRIGGER tasks_counted_on_delete AFTER DELETE ON tasks
REFERENCING OLD TABLE AS old_rows
FOR EACH STATEMENT EXECUTE FUNCTION tasks_count_change();

CREATE TRIGGER tasks_counted_on_update AFTER UPDATE ON tasks
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION tasks_count_change();
