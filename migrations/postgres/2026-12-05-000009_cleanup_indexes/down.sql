DROP INDEX dav_changes_stamped;
DROP INDEX dav_changes_unstamped;
