DROP TRIGGER tasks_searchable_on_update;
DROP TRIGGER tasks_searchable_on_delete;
DROP TRIGGER tasks_searchable_on_insert;
DROP TABLE tasks_search;
