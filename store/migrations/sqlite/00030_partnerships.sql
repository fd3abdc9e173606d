-- +goose Up
-- Partnerships between a community (party A, the proposer) and another
-- community or an institution (party B: exactly one of b_community_id,
-- b_institution_id). Lists are JSON arrays. pair_key is the unordered pair
-- ("community:3|institution:9"), unique among live partnerships.
CREATE TABLE partnerships (
    id               INTEGER PRIMARY KEY,
    a_community_id   BIGINT NOT NULL REFERENCES communities (id),
    b_community_id   BIGINT REFERENCES communities (id),
    b_institution_id BIGINT REFERENCES institutions (id),
    pair_key         TEXT NOT NULL,
    kind             TEXT NOT NULL CHECK (kind IN ('twinning', 'institutional', 'regional', 'campaign')),
    level            TEXT NOT NULL CHECK (level IN ('local', 'regional', 'global')),
    state            TEXT NOT NULL CHECK (state IN ('proposed', 'accepted', 'declined', 'withdrawn', 'active', 'dormant', 'ended')),
    message          TEXT NOT NULL DEFAULT '',
    goals_json       TEXT NOT NULL DEFAULT '[]',
    languages_json   TEXT NOT NULL DEFAULT '[]',
    review_date      BIGINT NOT NULL DEFAULT 0,
    proposed_by      BIGINT NOT NULL DEFAULT 0,
    state_changed_at BIGINT NOT NULL,
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL,
    version          BIGINT NOT NULL DEFAULT 1,
    CHECK ((b_community_id IS NULL) <> (b_institution_id IS NULL)),
    CHECK (b_community_id IS NULL OR b_community_id <> a_community_id)
);
CREATE INDEX partnerships_a ON partnerships (a_community_id);
CREATE INDEX partnerships_b_community ON partnerships (b_community_id);
CREATE INDEX partnerships_b_institution ON partnerships (b_institution_id);
CREATE INDEX partnerships_state ON partnerships (state);
CREATE UNIQUE INDEX partnerships_live_pair ON partnerships (pair_key)
    WHERE state IN ('proposed', 'accepted', 'active', 'dormant');

-- Every transition: who, when, from, to, note.
CREATE TABLE partnership_history (
    id             INTEGER PRIMARY KEY,
    partnership_id BIGINT NOT NULL REFERENCES partnerships (id) ON DELETE CASCADE,
    at             BIGINT NOT NULL,
    actor_id       BIGINT NOT NULL DEFAULT 0,
    actor_name     TEXT NOT NULL DEFAULT '',
    action         TEXT NOT NULL,
    from_state     TEXT NOT NULL DEFAULT '',
    to_state       TEXT NOT NULL,
    note           TEXT NOT NULL DEFAULT ''
);
CREATE INDEX partnership_history_partnership ON partnership_history (partnership_id, id);
CREATE INDEX partnership_history_at ON partnership_history (at);

CREATE TABLE partnership_responsibilities (
    id             INTEGER PRIMARY KEY,
    partnership_id BIGINT NOT NULL REFERENCES partnerships (id) ON DELETE CASCADE,
    owner_side     TEXT NOT NULL CHECK (owner_side IN ('a', 'b')),
    description    TEXT NOT NULL CHECK (description <> ''),
    due_date       BIGINT NOT NULL DEFAULT 0,
    done           INTEGER NOT NULL DEFAULT 0,
    done_at        BIGINT NOT NULL DEFAULT 0,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL,
    version        BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX partnership_responsibilities_partnership ON partnership_responsibilities (partnership_id);

CREATE TABLE partnership_activities (
    id                INTEGER PRIMARY KEY,
    partnership_id    BIGINT NOT NULL REFERENCES partnerships (id) ON DELETE CASCADE,
    kind              TEXT NOT NULL CHECK (kind IN ('visit', 'exchange', 'editathon', 'workshop', 'contest', 'photo_walk', 'online_meeting')),
    title             TEXT NOT NULL CHECK (title <> ''),
    starts_at         BIGINT NOT NULL,
    ends_at           BIGINT NOT NULL DEFAULT 0,
    place             TEXT NOT NULL DEFAULT '',
    organizers_a_json TEXT NOT NULL DEFAULT '[]',
    organizers_b_json TEXT NOT NULL DEFAULT '[]',
    participants      INTEGER NOT NULL DEFAULT 0,
    articles_created  INTEGER NOT NULL DEFAULT 0,
    articles_improved INTEGER NOT NULL DEFAULT 0,
    media_uploaded    INTEGER NOT NULL DEFAULT 0,
    wikidata_items    INTEGER NOT NULL DEFAULT 0,
    links_json        TEXT NOT NULL DEFAULT '[]',
    notes             TEXT NOT NULL DEFAULT '',
    created_by        BIGINT NOT NULL DEFAULT 0,
    created_at        BIGINT NOT NULL,
    updated_at        BIGINT NOT NULL,
    version           BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX partnership_activities_partnership ON partnership_activities (partnership_id, starts_at);
CREATE INDEX partnership_activities_starts ON partnership_activities (starts_at);

-- Digest emails sent (one row per send, for the once-per-period limit) and
-- the accounts that opted out of them.
CREATE TABLE digest_sends (
    id      INTEGER PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    sent_at BIGINT NOT NULL
);
CREATE INDEX digest_sends_user ON digest_sends (user_id, sent_at);

CREATE TABLE digest_optouts (
    user_id BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    at      BIGINT NOT NULL
);

-- +goose Down
DROP TABLE digest_optouts;
DROP TABLE digest_sends;
DROP TABLE partnership_activities;
DROP TABLE partnership_responsibilities;
DROP TABLE partnership_history;
DROP TABLE partnerships;
