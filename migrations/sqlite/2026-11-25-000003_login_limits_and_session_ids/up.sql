-- Attempts that count against a limit (failed logins, registrations), by
-- bucket: "login-ip:203.0.113.9", "login-user:alice", "register-ip:...".
-- In the database rather than in memory so that every instance of ticked
-- on this database counts the same attempts.
CREATE TABLE limit_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    bucket TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX limit_events_bucket_created_at ON limit_events (bucket, created_at);

-- A random, public name for each session, so that the account page can
-- list them and sign one out without exposing (or even knowing) its key.
ALTER TABLE sessions ADD COLUMN public_id TEXT;
CREATE INDEX sessions_public_id ON sessions (public_id);
