-- Lists and sharing. A user has lists; every task belongs to exactly one.
-- Who may see or change a list is one row in `list_members` per person,
-- the owner included (level 4), so that "which lists may this user see,
-- and at what level" is one lookup in one index.
CREATE TABLE lists (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    owner_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    colour TEXT,
    -- The list that registration made: where a task goes when no list is named.
    is_default BOOLEAN NOT NULL DEFAULT 0,
    -- Kept by the triggers below in the same transaction as every change
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
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    list_id INTEGER NOT NULL REFERENCES lists (id) ON DELETE CASCADE,
    level SMALLINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, list_id)
);
CREATE INDEX list_members_list_id ON list_members (list_id, level);
CREATE UNIQUE INDEX list_members_one_owner ON list_members (list_id) WHERE level = 4;

-- Every existing user gets the default list "Tasks", holding all their tasks.
INSERT INTO lists (owner_id, name, is_default, open_tasks, done_tasks, created_at, updated_at)
SELECT users.id, 'Tasks', 1,
       (SELECT COUNT(*) FROM tasks WHERE tasks.user_id = users.id AND NOT tasks.completed),
       (SELECT COUNT(*) FROM tasks WHERE tasks.user_id = users.id AND tasks.completed),
       users.created_at, users.created_at
FROM users
ORDER BY users.id;

INSERT INTO list_members (user_id, list_id, level, created_at)
SELECT owner_id, id, 4, created_at FROM lists;

-- SQLite cannot change a column that an index and a foreign key use, so the
-- table is made anew with `list_id` instead of `user_id`: same ids, same
-- positions, same everything else.
CREATE TABLE tasks_new (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    list_id INTEGER NOT NULL REFERENCES lists (id) ON DELETE CASCADE,
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
-- Ids of deleted tasks are never handed out again.
INSERT INTO sqlite_sequence (name, seq)
SELECT 'tasks_new', seq FROM sqlite_sequence WHERE name = 'tasks';
INSERT INTO tasks_new (id, list_id, title, notes, completed, due, priority, position,
                       created_at, updated_at, completed_at)
SELECT tasks.id, lists.id, tasks.title, tasks.notes, tasks.completed, tasks.due,
       tasks.priority, tasks.position, tasks.created_at, tasks.updated_at, tasks.completed_at
FROM tasks
JOIN lists ON lists.owner_id = tasks.user_id AND lists.is_default;

DROP TABLE tasks;
DROP TABLE task_counts;
ALTER TABLE tasks_new RENAME TO tasks;

-- Every task query starts with the lists it may read, so every index does too.
CREATE INDEX tasks_list_position ON tasks (list_id, position);
CREATE INDEX tasks_list_completed ON tasks (list_id, completed, position);
CREATE INDEX tasks_list_due ON tasks (list_id, due);
CREATE INDEX tasks_list_completed_due ON tasks (list_id, completed, due);

CREATE TRIGGER tasks_counted_on_insert AFTER INSERT ON tasks
BEGIN
    UPDATE lists
    SET open_tasks = open_tasks + (CASE WHEN NEW.completed THEN 0 ELSE 1 END),
        done_tasks = done_tasks + (CASE WHEN NEW.completed THEN 1 ELSE 0 END)
    WHERE id = NEW.list_id;
END;

CREATE TRIGGER tasks_counted_on_delete AFTER DELETE ON tasks
BEGIN
    UPDATE lists
    SET open_tasks = open_tasks - (CASE WHEN OLD.completed THEN 0 ELSE 1 END),
        done_tasks = done_tasks - (CASE WHEN OLD.completed THEN 1 ELSE 0 END)
    WHERE id = OLD.list_id;
END;

CREATE TRIGGER tasks_counted_on_update AFTER UPDATE OF completed, list_id ON tasks
BEGIN
    UPDATE lists
    SET open_tasks = open_tasks - (CASE WHEN OLD.completed THEN 0 ELSE 1 END),
        done_tasks = done_tasks - (CASE WHEN OLD.completed THEN 1 ELSE 0 END)
    WHERE id = OLD.list_id;
    UPDATE lists
    SET open_tasks = open_tasks + (CASE WHEN NEW.completed THEN 0 ELSE 1 END),
        done_tasks = done_tasks + (CASE WHEN NEW.completed THEN 1 ELSE 0 END)
    WHERE id = NEW.list_id;
END;
