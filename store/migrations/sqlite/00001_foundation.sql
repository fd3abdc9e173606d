-- +goose Up
CREATE TABLE cities (
    id          INTEGER PRIMARY KEY,
    qid         TEXT UNIQUE,
    name        TEXT NOT NULL CHECK (name <> ''),
    country     TEXT NOT NULL DEFAULT '',
    region      TEXT NOT NULL DEFAULT '',
    lat         DOUBLE PRECISION NOT NULL DEFAULT 0,
    lng         DOUBLE PRECISION NOT NULL DEFAULT 0,
    has_coords  INTEGER NOT NULL DEFAULT 0,
    population  BIGINT NOT NULL DEFAULT 0,
    name_key    TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    version     BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX cities_name_key ON cities (name_key);
CREATE INDEX cities_country ON cities (country);

-- Every "name, country" label seen for a city, so that a later import maps
-- the same label to the same city.
CREATE TABLE city_labels (
    label_key TEXT PRIMARY KEY,
    city_id   BIGINT NOT NULL REFERENCES cities (id) ON DELETE CASCADE,
    name      TEXT NOT NULL,
    country   TEXT NOT NULL
);
CREATE INDEX city_labels_city ON city_labels (city_id);

CREATE TABLE twin_links (
    a          BIGINT NOT NULL REFERENCES cities (id) ON DELETE CASCADE,
    b          BIGINT NOT NULL REFERENCES cities (id) ON DELETE CASCADE,
    source     TEXT NOT NULL CHECK (source IN ('wikidata', 'csv', 'wikitext', 'manual')),
    year       INTEGER NOT NULL DEFAULT 0,
    provenance TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    PRIMARY KEY (a, b),
    CHECK (a < b)
);
CREATE INDEX twin_links_b ON twin_links (b);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    email         TEXT NOT NULL DEFAULT '',
    role          TEXT NOT NULL DEFAULT 'member' CHECK (role IN ('member', 'admin')),
    password_hash TEXT NOT NULL DEFAULT '',
    wikimedia     INTEGER NOT NULL DEFAULT 0,
    disabled      INTEGER NOT NULL DEFAULT 0,
    language      TEXT NOT NULL DEFAULT '',
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL,
    version       BIGINT NOT NULL DEFAULT 1
);

-- Who coordinates which community or institution.
CREATE TABLE coordinators (
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    party_kind TEXT NOT NULL CHECK (party_kind IN ('community', 'institution')),
    party_id   BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, party_kind, party_id)
);
CREATE INDEX coordinators_party ON coordinators (party_kind, party_id);

CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    at         BIGINT NOT NULL,
    actor_id   BIGINT NOT NULL DEFAULT 0,
    actor_name TEXT NOT NULL DEFAULT '',
    entity     TEXT NOT NULL,
    entity_id  BIGINT NOT NULL DEFAULT 0,
    action     TEXT NOT NULL,
    before_json TEXT NOT NULL DEFAULT '',
    after_json  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- +goose Down
DROP TABLE settings;
DROP TABLE audit_log;
DROP TABLE coordinators;
DROP TABLE users;
DROP TABLE twin_links;
DROP TABLE city_labels;
DROP TABLE cities;
