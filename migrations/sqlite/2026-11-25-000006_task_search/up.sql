-- Full-text search over titles and notes. FTS5's trigram tokenizer indexes
-- every three-character run of the text, so a search still finds any
-- substring, ignoring case, as the LIKE scan it replaces did; but it reads
-- the index entries of the words searched for rather than every one of the
-- owner's tasks. An "external content" table: the text stays in `tasks`
-- only, and the triggers below keep the index in step with it.
CREATE VIRTUAL TABLE tasks_search USING fts5(
    title,
    notes,
    content = 'tasks',
    content_rowid = 'id',
    tokenize = 'trigram'
);

INSERT INTO tasks_search (tasks_search) VALUES ('rebuild');

CREATE TRIGGER tasks_searchable_on_insert AFTER INSERT ON tasks
BEGIN
    INSERT INTO tasks_search (rowid, title, notes) VALUES (NEW.id, NEW.title, NEW.notes);
END;

CREATE TRIGGER tasks_searchable_on_delete AFTER DELETE ON tasks
BEGIN
    INSERT INTO tasks_search (tasks_search, rowid, title, notes)
    VALUES ('delete', OLD.id, OLD.title, OLD.notes);
END;

CREATE TRIGGER tasks_searchable_on_update AFTER UPDATE OF title, notes ON tasks
BEGIN
    INSERT INTO tasks_search (tasks_search, rowid, title, notes)
    VALUES ('delete', OLD.id, OLD.title, OLD.notes);
    INSERT INTO tasks_search (rowid, title, notes) VALUES (NEW.id, NEW.title, NEW.notes);
END;
