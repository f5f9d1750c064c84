ALTER TABLE dav_changes DROP COLUMN gone_at;
DROP INDEX lists_feed_secret;
DROP INDEX lists_dav_name;
ALTER TABLE lists DROP COLUMN feed_secret;
ALTER TABLE lists DROP COLUMN sync_floor;
ALTER TABLE lists DROP COLUMN dav_name;
