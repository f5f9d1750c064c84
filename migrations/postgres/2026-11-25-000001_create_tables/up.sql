-- The whole schema for PostgreSQL, as the SQLite migrations in
-- ../sqlite build it step by step. The tables and columns are the same
-- (src/db/schema.rs describes both); what differs is each dialect's way of
-- saying it: BIGSERIAL for an id, TRUE/FALSE for booleans, and a PL/pgSQL
-- function behind the triggers that keep `task_counts`.

-- Accounts. Usernames are unique ignoring case: "Alice" and "alice" are one
-- name, so the unique index is on lower(username) rather than on the column.
CREATE TABLE users (
    id BIGSERIAL PRIMARY KEY,
    username TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    is_admin BOOLEAN NOT NULL DEFAULT FALSE,
    is_disabled BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMP NOT NULL,
    last_login_at TIMESTAMP
);
CREATE UNIQUE INDEX users_username_lower ON users (lower(username));

-- Server-side sessions, found by the SHA-256 of the key the browser holds.
-- Deleting a row ends that session on every instance at once.
CREATE TABLE sessions (
    id BIGSERIAL PRIMARY KEY,
    key_hash TEXT NOT NULL UNIQUE,
    user_id BIGINT REFERENCES users (id) ON DELETE CASCADE,
    state TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    ip TEXT,
    user_agent TEXT,
    public_id TEXT
);
CREATE INDEX sessions_user_id ON sessions (user_id);
CREATE INDEX sessions_expires_at ON sessions (expires_at);
CREATE INDEX sessions_public_id ON sessions (public_id);

CREATE TABLE tasks (
    id BIGSERIAL PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    notes TEXT NOT NULL DEFAULT '',
    completed BOOLEAN NOT NULL DEFAULT FALSE,
    due DATE,
    -- 0 low, 1 normal, 2 high: an integer sorts the way people mean.
    priority SMALLINT NOT NULL DEFAULT 1,
    position BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    completed_at TIMESTAMP
);
-- Every task query starts with the owner, so every index does too.
CREATE INDEX tasks_user_position ON tasks (user_id, position);
CREATE INDEX tasks_user_completed ON tasks (user_id, completed, position);
CREATE INDEX tasks_user_due ON tasks (user_id, due);
CREATE INDEX tasks_user_completed_due ON tasks (user_id, completed, due);

-- Instance-wide values every process must agree on (the session key).
CREATE TABLE settings (
    name TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
);

-- Personal access tokens for the JSON API, stored only as their SHA-256.
CREATE TABLE api_tokens (
    id BIGSERIAL PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    last_chars TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP,
    expires_at TIMESTAMP
);
CREATE INDEX api_tokens_user_id ON api_tokens (user_id);

-- Attempts that count against a limit, by bucket; in the database so that
-- every instance counts the same attempts.
CREATE TABLE limit_events (
    id BIGSERIAL PRIMARY KEY,
    bucket TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX limit_events_bucket_created_at ON limit_events (bucket, created_at);

-- How many open and done tasks each user has, kept by a trigger in the same
-- transaction as every change to `tasks`.
CREATE TABLE task_counts (
    user_id BIGINT PRIMARY KEY NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    open BIGINT NOT NULL DEFAULT 0,
    done BIGINT NOT NULL DEFAULT 0
);

-- Statement-level triggers over transition tables: one change to the
-- counts per statement and user, however many rows the statement touched.
-- (A row-level trigger would update a user's counts row once per task, and
-- within one transaction each update steps over every earlier version of
-- that row: marking 100,000 tasks done would take time in the square.)
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
