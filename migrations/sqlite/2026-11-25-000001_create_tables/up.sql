-- Accounts. Usernames are unique ignoring case: "Alice" and "alice" are one
-- name, so the unique index is on lower(username) rather than on the column.
CREATE TABLE users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    username TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    is_admin BOOLEAN NOT NULL DEFAULT 0,
    is_disabled BOOLEAN NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL,
    last_login_at TIMESTAMP
);
CREATE UNIQUE INDEX users_username_lower ON users (lower(username));

-- Server-side sessions. The browser holds only an opaque key; the row is
-- found by the SHA-256 of that key, so a copy of this table cannot be
-- replayed as cookies. Deleting a row ends that session everywhere at once.
CREATE TABLE sessions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    key_hash TEXT NOT NULL UNIQUE,
    user_id INTEGER REFERENCES users (id) ON DELETE CASCADE,
    state TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    ip TEXT,
    user_agent TEXT
);
CREATE INDEX sessions_user_id ON sessions (user_id);
CREATE INDEX sessions_expires_at ON sessions (expires_at);

CREATE TABLE tasks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    notes TEXT NOT NULL DEFAULT '',
    completed BOOLEAN NOT NULL DEFAULT 0,
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

-- Instance-wide values that must be the same for every process, such as the
-- generated session key.
CREATE TABLE settings (
    name TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
);
