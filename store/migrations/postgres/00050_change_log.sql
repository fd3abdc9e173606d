-- +goose Up
-- The change log: one row per committed write transaction, naming the
-- tables it changed. Every server process follows it to keep what it holds
-- in memory (twin graph, matchmaking index, page caches) current with
-- writes made by other processes (other servers, the CLI, imports).
CREATE TABLE change_log (
    id     BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tables TEXT NOT NULL,
    origin TEXT NOT NULL,
    at     BIGINT NOT NULL
);

-- +goose Down
DROP TABLE change_log;
