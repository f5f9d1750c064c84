DROP TABLE settings;
DROP TABLE tasks;
DROP TABLE sessions;
DROP TABLE users;
