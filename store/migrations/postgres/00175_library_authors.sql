-- +goose Up
-- Resources added on the site, not imported: who added one (0 for an
-- import) may edit it, as admins may; version guards edits against
-- overwriting a change made since the form was loaded.
ALTER TABLE training_resources ADD COLUMN created_by BIGINT NOT NULL DEFAULT 0;
ALTER TABLE training_resources ADD COLUMN version BIGINT NOT NULL DEFAULT 1;

-- +goose Down
ALTER TABLE training_resources DROP COLUMN version;
ALTER TABLE training_resources DROP COLUMN created_by;
