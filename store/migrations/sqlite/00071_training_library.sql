-- +goose Up
-- The Knowledge Park library: training modules, toolkits and handbooks,
-- translations grouped as one resource (languages_json, titles_json).
-- source is unique: re-importing a Dashboard set updates its modules.
CREATE TABLE training_resources (
    id             INTEGER PRIMARY KEY,
    source         TEXT NOT NULL UNIQUE CHECK (source <> ''),
    title          TEXT NOT NULL CHECK (title <> ''),
    titles_json    TEXT NOT NULL DEFAULT '{}',
    link           TEXT NOT NULL CHECK (link <> ''),
    languages_json TEXT NOT NULL DEFAULT '[]',
    skill          TEXT NOT NULL DEFAULT '',
    topic          TEXT NOT NULL DEFAULT '',
    level          TEXT NOT NULL DEFAULT '' CHECK (level IN ('', 'beginner', 'intermediate', 'advanced')),
    format         TEXT NOT NULL CHECK (format IN ('dashboard_module', 'toolkit', 'handbook', 'video', 'course', 'file')),
    licence        TEXT NOT NULL DEFAULT '',
    minutes        INTEGER NOT NULL DEFAULT 0,
    maintainer     TEXT NOT NULL DEFAULT '',
    slides         INTEGER NOT NULL DEFAULT 0,
    quizzes        INTEGER NOT NULL DEFAULT 0,
    outdated       INTEGER NOT NULL DEFAULT 0,
    checked_at     BIGINT NOT NULL DEFAULT 0,
    uses           INTEGER NOT NULL DEFAULT 0,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL
);
CREATE INDEX training_resources_skill ON training_resources (skill);

-- Resources attached to a partnership, a responsibility, an event or a
-- campaign (no foreign key: the target table depends on target_kind).
CREATE TABLE resource_attachments (
    resource_id BIGINT NOT NULL REFERENCES training_resources (id) ON DELETE CASCADE,
    target_kind TEXT NOT NULL CHECK (target_kind IN ('partnership', 'responsibility', 'event', 'campaign')),
    target_id   BIGINT NOT NULL,
    created_by  BIGINT NOT NULL DEFAULT 0,
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (resource_id, target_kind, target_id)
);
CREATE INDEX resource_attachments_target ON resource_attachments (target_kind, target_id);

-- +goose Down
DROP TABLE resource_attachments;
DROP TABLE training_resources;
