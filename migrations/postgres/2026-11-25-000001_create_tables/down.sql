DROP TRIGGER tasks_counted ON tasks;
DROP FUNCTION tasks_count_change();
DROP TABLE task_counts;
DROP TABLE limit_events;
DROP TABLE api_tokens;
DROP TABLE settings;
DROP TABLE tasks;
DROP TABLE sessions;
DROP TABLE users;
