-- +goose Up
-- A Wiki Club's record has a version, as communities and institutions
-- have, so that an update based on a stale read (two coordinators editing
-- the host agreement or the figures at once) is refused, not lost.
ALTER TABLE wiki_clubs ADD COLUMN version BIGINT NOT NULL DEFAULT 1;

-- +goose Down
ALTER TABLE wiki_clubs DROP COLUMN version;
