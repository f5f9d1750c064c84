-- The hourly cleanup of the change log (`forget_gone`) finds the records
-- of objects gone and not yet stamped, and those stamped (to clear a stamp
-- whose object came back, or to forget one gone for 90 days), by these
-- partial indexes rather than by reading the whole log. A task added or
-- changed writes a record neither index holds (not gone, not stamped), so
-- the hot write costs what it did; only a deletion and the cleanup write
-- to them.
CREATE INDEX dav_changes_unstamped ON dav_changes (list_id) WHERE gone AND gone_at IS NULL;
CREATE INDEX dav_changes_stamped ON dav_changes (gone_at) WHERE gone_at IS NOT NULL;
