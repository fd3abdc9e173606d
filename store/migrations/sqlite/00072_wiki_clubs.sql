-- +goose Up
-- A Wiki Club: a community of kind wiki_club hosted by an institution
-- (school, university, library, museum), with its host agreement, meeting
-- schedule and measures of success.
CREATE TABLE wiki_clubs (
    community_id        BIGINT PRIMARY KEY REFERENCES communities (id) ON DELETE CASCADE,
    host_institution_id BIGINT NOT NULL REFERENCES institutions (id),
    host_agreement      TEXT NOT NULL DEFAULT '',
    meeting_schedule    TEXT NOT NULL DEFAULT '',
    first_meeting       BIGINT NOT NULL DEFAULT 0,
    members             INTEGER NOT NULL DEFAULT 0 CHECK (members >= 0),
    regular_editors     INTEGER NOT NULL DEFAULT 0 CHECK (regular_editors >= 0),
    outreach_events     INTEGER NOT NULL DEFAULT 0 CHECK (outreach_events >= 0),
    toolkit_id          BIGINT REFERENCES training_resources (id) ON DELETE SET NULL,
    updated_at          BIGINT NOT NULL
);
CREATE INDEX wiki_clubs_host ON wiki_clubs (host_institution_id);

-- +goose Down
DROP TABLE wiki_clubs;
