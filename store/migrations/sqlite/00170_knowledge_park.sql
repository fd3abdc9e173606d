-- +goose Up
-- Knowledge Park, part 1 (issue 17): campaigns across countries with their
-- yearly editions, the communities taking part (national editions) and
-- twinned communities running an edition together; events people register
-- for (capacity, waitlist, private lists, questions answered in aggregate);
-- exchange visits between groups of twinned cities. Dates and instants are
-- Unix seconds, lists JSON.
CREATE TABLE campaigns (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL CHECK (name <> ''),
    wikidata    TEXT UNIQUE,
    description TEXT NOT NULL DEFAULT '',
    meta_page   TEXT NOT NULL DEFAULT '',
    owner_id    BIGINT NOT NULL REFERENCES users (id),
    version     BIGINT NOT NULL DEFAULT 1,
    created_at  BIGINT NOT NULL
);

CREATE TABLE campaign_editions (
    id                 INTEGER PRIMARY KEY,
    campaign_id        BIGINT NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    year               INTEGER NOT NULL CHECK (year BETWEEN 2001 AND 2100),
    start_date         BIGINT NOT NULL,
    end_date           BIGINT NOT NULL,
    commons_campaign   TEXT NOT NULL DEFAULT '',
    dashboard_campaign TEXT NOT NULL DEFAULT '',
    meta_page          TEXT NOT NULL DEFAULT '',
    version            BIGINT NOT NULL DEFAULT 1,
    created_at         BIGINT NOT NULL,
    UNIQUE (campaign_id, year)
);

CREATE TABLE edition_team (
    edition_id BIGINT NOT NULL REFERENCES campaign_editions (id) ON DELETE CASCADE,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (edition_id, user_id)
);

CREATE TABLE national_editions (
    id              INTEGER PRIMARY KEY,
    edition_id      BIGINT NOT NULL REFERENCES campaign_editions (id) ON DELETE CASCADE,
    community_id    BIGINT NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    country         TEXT NOT NULL DEFAULT '',
    region          TEXT NOT NULL DEFAULT '',
    upload_campaign TEXT NOT NULL DEFAULT '',
    partners_json   TEXT NOT NULL DEFAULT '[]',
    created_at      BIGINT NOT NULL,
    UNIQUE (edition_id, community_id)
);
CREATE INDEX national_editions_community ON national_editions (community_id);

-- a_id < b_id: a pair is one pair whichever side created it.
CREATE TABLE twin_editions (
    id            INTEGER PRIMARY KEY,
    edition_id    BIGINT NOT NULL REFERENCES campaign_editions (id) ON DELETE CASCADE,
    a_id          BIGINT NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    b_id          BIGINT NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    goal          TEXT NOT NULL CHECK (goal <> ''),
    worklist_json TEXT NOT NULL DEFAULT '[]',
    created_by    BIGINT NOT NULL DEFAULT 0,
    created_at    BIGINT NOT NULL,
    CHECK (a_id < b_id),
    UNIQUE (edition_id, a_id, b_id)
);
CREATE INDEX twin_editions_b ON twin_editions (b_id);

CREATE TABLE events (
    id                  INTEGER PRIMARY KEY,
    title               TEXT NOT NULL CHECK (title <> ''),
    description         TEXT NOT NULL DEFAULT '',
    type                TEXT NOT NULL CHECK (type IN ('workshop', 'training', 'editathon', 'meetup', 'photo_walk')),
    mode                TEXT NOT NULL CHECK (mode IN ('in_person', 'online', 'hybrid')),
    status              TEXT NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'cancelled')),
    language            TEXT NOT NULL DEFAULT '',
    time_zone           TEXT NOT NULL,
    starts_at           BIGINT NOT NULL,
    ends_at             BIGINT NOT NULL,
    rrule               TEXT NOT NULL DEFAULT '',
    city_id             BIGINT REFERENCES cities (id),
    address             TEXT NOT NULL DEFAULT '',
    openstreetmap       TEXT NOT NULL DEFAULT '',
    online_url          TEXT NOT NULL DEFAULT '',
    capacity            INTEGER NOT NULL DEFAULT 0 CHECK (capacity >= 0),
    waitlist            INTEGER NOT NULL DEFAULT 0,
    registration        TEXT NOT NULL CHECK (registration IN ('public', 'private')),
    registration_closes BIGINT NOT NULL DEFAULT 0,
    questions_json      TEXT NOT NULL DEFAULT '[]',
    edition_id          BIGINT REFERENCES campaign_editions (id) ON DELETE SET NULL,
    created_by          BIGINT NOT NULL DEFAULT 0,
    version             BIGINT NOT NULL DEFAULT 1,
    created_at          BIGINT NOT NULL,
    updated_at          BIGINT NOT NULL
);
CREATE INDEX events_starts ON events (starts_at);
CREATE INDEX events_city ON events (city_id);
CREATE INDEX events_edition ON events (edition_id);

CREATE TABLE event_organisers (
    event_id     BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    community_id BIGINT NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    PRIMARY KEY (event_id, community_id)
);
CREATE INDEX event_organisers_community ON event_organisers (community_id);

-- One row a person and event; a cancelled registration keeps its row (and
-- a new registration revives it, at the back of the line).
CREATE TABLE event_registrations (
    id           INTEGER PRIMARY KEY,
    event_id     BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    user_id      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    state        TEXT NOT NULL CHECK (state IN ('registered', 'waitlisted', 'cancelled')),
    answers_json TEXT NOT NULL DEFAULT '[]',
    queued_at    BIGINT NOT NULL,
    promoted_at  BIGINT NOT NULL DEFAULT 0,
    created_at   BIGINT NOT NULL,
    UNIQUE (event_id, user_id)
);
CREATE INDEX event_registrations_user ON event_registrations (user_id);

CREATE TABLE visits (
    id              INTEGER PRIMARY KEY,
    visitor_id      BIGINT NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    host_id         BIGINT NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    state           TEXT NOT NULL CHECK (state IN ('requested', 'accepted', 'declined', 'done', 'cancelled')),
    start_date      BIGINT NOT NULL,
    end_date        BIGINT NOT NULL,
    people          INTEGER NOT NULL CHECK (people > 0),
    purpose         TEXT NOT NULL CHECK (purpose <> ''),
    offer_json      TEXT NOT NULL DEFAULT '',
    agenda_json     TEXT NOT NULL DEFAULT '[]',
    delegation_json TEXT NOT NULL DEFAULT '[]',
    report          TEXT NOT NULL DEFAULT '',
    reported_at     BIGINT NOT NULL DEFAULT 0,
    activity_id     BIGINT NOT NULL DEFAULT 0,
    version         BIGINT NOT NULL DEFAULT 1,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL,
    CHECK (visitor_id <> host_id)
);
CREATE INDEX visits_visitor ON visits (visitor_id);
CREATE INDEX visits_host ON visits (host_id);

-- +goose Down
DROP TABLE visits;
DROP TABLE event_registrations;
DROP TABLE event_organisers;
DROP TABLE events;
DROP TABLE twin_editions;
DROP TABLE national_editions;
DROP TABLE edition_team;
DROP TABLE campaign_editions;
DROP TABLE campaigns;
