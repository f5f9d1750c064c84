-- Lists as CalDAV makes and forgets them.
--
-- `dav_name`: the last segment of the URL a client made the list at with
-- MKCALENDAR, kept so that the calendar stays where the client put it;
-- NULL for a list made on the web, whose calendar is at its id.
-- `sync_floor`: the oldest sync token still answered. Records of deleted
-- objects (`dav_changes` with `gone`) are dropped after a while; a token
-- from before the last dropped one could miss a deletion, so the client
-- is told to start over (RFC 6578 `valid-sync-token`).
-- `feed_secret`: the secret in the list's read-only iCalendar feed URL,
-- NULL while it has none.
-- `dav_changes.gone_at`: since when an object is gone, stamped by the
-- server's cleanup (not by the triggers: adding a task is the hot write).
ALTER TABLE lists ADD COLUMN dav_name TEXT;
ALTER TABLE lists ADD COLUMN sync_floor BIGINT NOT NULL DEFAULT 0;
ALTER TABLE lists ADD COLUMN feed_secret TEXT;
CREATE UNIQUE INDEX lists_dav_name ON lists (dav_name);
CREATE UNIQUE INDEX lists_feed_secret ON lists (feed_secret);
ALTER TABLE dav_changes ADD COLUMN gone_at TIMESTAMP;
