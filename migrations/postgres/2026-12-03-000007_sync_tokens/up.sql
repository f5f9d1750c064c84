-- What changed in each list, for CalDAV's sync-collection (RFC 6578).
-- Every write to a list's tasks moves the list's `sync_seq` on, and
-- records, per object name, the seq of its last change and whether the
-- object is gone (deleted, moved to the trash or to another list). A
-- client's sync token is a seq: what changed since is what has a greater
-- one. Kept by triggers, once per statement, so that no write path can
-- forget it.
ALTER TABLE lists ADD COLUMN sync_seq BIGINT NOT NULL DEFAULT 0;

CREATE TABLE dav_changes (
    list_id BIGINT NOT NULL REFERENCES lists (id) ON DELETE CASCADE,
    dav_name TEXT NOT NULL,
    seq BIGINT NOT NULL,
    gone BOOLEAN NOT NULL,
    PRIMARY KEY (list_id, dav_name)
);
CREATE INDEX dav_changes_list_seq ON dav_changes (list_id, seq);

CREATE FUNCTION tasks_sync_insert() RETURNS trigger AS $$
BEGIN
    WITH bumped AS (
        UPDATE lists SET sync_seq = sync_seq + 1
        WHERE id IN (SELECT list_id FROM new_rows)
        RETURNING id, sync_seq)
    INSERT INTO dav_changes (list_id, dav_name, seq, gone)
    SELECT DISTINCT ON (n.list_id, n.dav_name) n.list_id, n.dav_name, b.sync_seq, FALSE
    FROM new_rows AS n JOIN bumped AS b ON b.id = n.list_id
    ON CONFLICT (list_id, dav_name) DO UPDATE SET seq = EXCLUDED.seq, gone = EXCLUDED.gone;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION tasks_sync_delete() RETURNS trigger AS $$
BEGIN
    WITH bumped AS (
        UPDATE lists SET sync_seq = sync_seq + 1
        WHERE id IN (SELECT list_id FROM old_rows)
        RETURNING id, sync_seq)
    INSERT INTO dav_changes (list_id, dav_name, seq, gone)
    SELECT DISTINCT ON (o.list_id, o.dav_name) o.list_id, o.dav_name, b.sync_seq, TRUE
    FROM old_rows AS o JOIN bumped AS b ON b.id = o.list_id
    ON CONFLICT (list_id, dav_name) DO UPDATE SET seq = EXCLUDED.seq, gone = EXCLUDED.gone;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

-- The old places are gone, the new ones there (most often the same,
-- which then ends up there: `gone` FALSE sorts first).
CREATE FUNCTION tasks_sync_update() RETURNS trigger AS $$
BEGIN
    WITH bumped AS (
        UPDATE lists SET sync_seq = sync_seq + 1
        WHERE id IN (SELECT list_id FROM new_rows UNION SELECT list_id FROM old_rows)
        RETURNING id, sync_seq),
    changed AS (
        SELECT list_id, dav_name, FALSE AS gone FROM new_rows
        UNION ALL
        SELECT list_id, dav_name, TRUE FROM old_rows)
    INSERT INTO dav_changes (list_id, dav_name, seq, gone)
    SELECT DISTINCT ON (c.list_id, c.dav_name) c.list_id, c.dav_name, b.sync_seq, c.gone
    FROM changed AS c JOIN bumped AS b ON b.id = c.list_id
    ORDER BY c.list_id, c.dav_name, c.gone
    ON CONFLICT (list_id, dav_name) DO UPDATE SET seq = EXCLUDED.seq, gone = EXCLUDED.gone;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER tasks_synced_on_insert AFTER INSERT ON tasks
REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION tasks_sync_insert();

CREATE TRIGGER tasks_synced_on_delete AFTER DELETE ON tasks
REFERENCING OLD TABLE AS old_rows
FOR EACH STATEMENT EXECUTE FUNCTION tasks_sync_delete();

CREATE TRIGGER tasks_synced_on_update AFTER UPDATE ON tasks
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION tasks_sync_update();
