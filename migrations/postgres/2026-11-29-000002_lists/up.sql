-- Lists and sharing. A user has lists; every task belongs to exactly one.
-- Who may see or change a list is one row in `list_members` per person,
-- the owner included (level 4), so that "which lists may this user see,
-- and at what level" is one lookup in one index.
CREATE TABLE lists (
    id BIGSERIAL PRIMARY KEY,
    owner_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    colour TEXT,
    -- The list that registration made: where a task goes when no list is named.
    is_default BOOLEAN NOT NULL DEFAULT FALSE,
    -- Kept by the trigger below in the same transaction as every change
    -- to `tasks`, so that a counter is one row however long the list.
    open_tasks BIGINT NOT NULL DEFAULT 0,
    done_tasks BIGINT NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX lists_owner_id ON lists (owner_id);
CREATE UNIQUE INDEX lists_one_default_per_owner ON lists (owner_id) WHERE is_default;

-- 1 read, 2 write, 3 admin, 4 owner: an integer compares the way the
-- levels include each other.
CREATE TABLE list_members (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    list_id BIGINT NOT NULL REFERENCES lists (id) ON DELETE CASCADE,
    level SMALLINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, list_id)
);
CREATE INDEX list_members_list_id ON list_members (list_id, level);
CREATE UNIQUE INDEX list_members_one_owner ON list_members (list_id) WHERE level = 4;

-- The old per-user counts go; the lists keep their own.
DROP TRIGGER tasks_counted_on_update ON tasks;
DROP TRIGGER tasks_counted_on_delete ON tasks;
DROP TRIGGER tasks_counted_on_insert ON tasks;
DROP FUNCTION tasks_count_change();
DROP TABLE task_counts;

-- Every existing user gets the default list "Tasks", holding all their tasks.
INSERT INTO lists (owner_id, name, is_default, open_tasks, done_tasks, created_at, updated_at)
SELECT users.id, 'Tasks', TRUE,
       (SELECT COUNT(*) FROM tasks WHERE tasks.user_id = users.id AND NOT tasks.completed),
       (SELECT COUNT(*) FROM tasks WHERE tasks.user_id = users.id AND tasks.completed),
       users.created_at, users.created_at
FROM users
ORDER BY users.id;

INSERT INTO list_members (user_id, list_id, level, created_at)
SELECT owner_id, id, 4, created_at FROM lists;

ALTER TABLE tasks ADD COLUMN list_id BIGINT REFERENCES lists (id) ON DELETE CASCADE;
UPDATE tasks SET list_id = lists.id
FROM lists
WHERE lists.owner_id = tasks.user_id AND lists.is_default;
ALTER TABLE tasks ALTER COLUMN list_id SET NOT NULL;
-- Its indexes go with it.
ALTER TABLE tasks DROP COLUMN user_id;

-- Every task query starts with the lists it may read, so every index does too.
CREATE INDEX tasks_list_position ON tasks (list_id, position, id);
CREATE INDEX tasks_list_completed ON tasks (list_id, completed, position, id);
CREATE INDEX tasks_list_due ON tasks (list_id, due);
CREATE INDEX tasks_list_completed_due ON tasks (list_id, completed, due);

-- Statement-level triggers: one UPDATE of `lists` per statement, however
-- many tasks it touched. A transition table holds the rows that came
-- (`new_rows`) or went (`old_rows`); an INSERT has only the first and a
-- DELETE only the second, hence one function each.
CREATE FUNCTION tasks_count_insert() RETURNS trigger AS $$
BEGIN
    UPDATE lists AS kept
    SET open_tasks = kept.open_tasks + came.open, done_tasks = kept.done_tasks + came.done
    FROM (SELECT list_id,
                 COUNT(*) FILTER (WHERE NOT completed) AS open,
                 COUNT(*) FILTER (WHERE completed) AS done
          FROM new_rows GROUP BY list_id) AS came
    WHERE kept.id = came.list_id;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION tasks_count_delete() RETURNS trigger AS $$
BEGIN
    UPDATE lists AS kept
    SET open_tasks = kept.open_tasks - gone.open, done_tasks = kept.done_tasks - gone.done
    FROM (SELECT list_id,
                 COUNT(*) FILTER (WHERE NOT completed) AS open,
                 COUNT(*) FILTER (WHERE completed) AS done
          FROM old_rows GROUP BY list_id) AS gone
    WHERE kept.id = gone.list_id;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION tasks_count_update() RETURNS trigger AS $$
BEGIN
    UPDATE lists AS kept
    SET open_tasks = kept.open_tasks + delta.open, done_tasks = kept.done_tasks + delta.done
    FROM (SELECT list_id, SUM(open) AS open, SUM(done) AS done
          FROM (SELECT list_id,
                       CASE WHEN completed THEN 0 ELSE 1 END AS open,
                       CASE WHEN completed THEN 1 ELSE 0 END AS done
                FROM new_rows
                UNION ALL
                SELECT list_id,
                       CASE WHEN completed THEN 0 ELSE -1 END,
                       CASE WHEN completed THEN -1 ELSE 0 END
                FROM old_rows) AS moved
          GROUP BY list_id
          HAVING SUM(open) <> 0 OR SUM(done) <> 0) AS delta
    WHERE kept.id = delta.list_id;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER tasks_counted_on_insert AFTER INSERT ON tasks
REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION tasks_count_insert();

CREATE TRIGGER tasks_counted_on_delete AFTER DELETE ON tasks
REFERENCING OLD TABLE AS old_rows
FOR EACH STATEMENT EXECUTE FUNCTION tasks_count_delete();

CREATE TRIGGER tasks_counted_on_update AFTER UPDATE ON tasks
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION tasks_count_update();
