-- +goose Up
-- The version of a person's or group's capacities and availability, so
-- that a save based on a stale read (two coordinators of a group editing
-- its capacities at once) is refused, not lost. A holder without a row is
-- at version 1.
CREATE TABLE holder_capacity_versions (
    holder_kind TEXT NOT NULL CHECK (holder_kind IN ('person', 'group')),
    holder_id   BIGINT NOT NULL,
    version     BIGINT NOT NULL CHECK (version > 1),
    PRIMARY KEY (holder_kind, holder_id)
);

-- +goose Down
DROP TABLE holder_capacity_versions;
