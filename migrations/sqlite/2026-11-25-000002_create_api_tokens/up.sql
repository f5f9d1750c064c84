-- Personal access tokens for the JSON API. Like session keys, a token is
-- stored only as its SHA-256: the database can check a token but cannot
-- give one out. `last_chars` lets the owner tell tokens apart.
CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    last_chars TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP,
    expires_at TIMESTAMP
);
CREATE INDEX api_tokens_user_id ON api_tokens (user_id);
