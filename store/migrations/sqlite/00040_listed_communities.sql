-- Listed communities: directory entries imported from the movement's
-- affiliate lists (Meta-Wiki, Wikidata) rather than written by a
-- coordinator. A listed community whose city is unknown sits at country
-- level: city_id NULL and country set. community_listings keeps where the
-- entry came from and the values last imported, so that a later import
-- updates only the fields nobody edited since. city_names holds the names
-- of cities in other languages (Wikidata labels).
--
-- SQLite cannot drop a NOT NULL constraint: communities is rebuilt, with
-- foreign keys off (so that the tables referring to it keep their rows), in
-- one explicit transaction, as SQLite's documentation of ALTER TABLE says.
-- +goose NO TRANSACTION
-- +goose Up
PRAGMA foreign_keys = OFF;
BEGIN IMMEDIATE;
CREATE TABLE communities_new (
    id            INTEGER PRIMARY KEY,
    kind          TEXT NOT NULL CHECK (kind IN ('chapter', 'user_group', 'local_group', 'wiki_club', 'thematic_organization')),
    name          TEXT NOT NULL CHECK (name <> ''),
    name_key      TEXT NOT NULL,
    city_id       BIGINT REFERENCES cities (id),
    country       TEXT NOT NULL DEFAULT '',
    meta_page     TEXT NOT NULL DEFAULT '',
    website       TEXT NOT NULL DEFAULT '',
    contact       TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'dormant', 'closed')),
    last_activity BIGINT NOT NULL DEFAULT 0,
    archived      INTEGER NOT NULL DEFAULT 0,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL,
    version       BIGINT NOT NULL DEFAULT 1,
    CHECK (city_id IS NOT NULL OR country <> '')
);
INSERT INTO communities_new (id, kind, name, name_key, city_id, meta_page, website, contact, status, last_activity, archived, created_at, updated_at, version)
    SELECT id, kind, name, name_key, city_id, meta_page, website, contact, status, last_activity, archived, created_at, updated_at, version FROM communities;
DROP TABLE communities;
ALTER TABLE communities_new RENAME TO communities;
CREATE INDEX communities_city ON communities (city_id);
CREATE INDEX communities_name_key ON communities (name_key);

CREATE TABLE community_listings (
    community_id  BIGINT PRIMARY KEY REFERENCES communities (id) ON DELETE CASCADE,
    qid           TEXT NOT NULL DEFAULT '',
    sources       TEXT NOT NULL,
    provenance    TEXT NOT NULL DEFAULT '',
    imported_at   BIGINT NOT NULL,
    inception     TEXT NOT NULL DEFAULT '',
    dissolved     TEXT NOT NULL DEFAULT '',
    claimed       INTEGER NOT NULL DEFAULT 0,
    imported_json TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX community_listings_qid ON community_listings (qid);

CREATE TABLE city_names (
    city_id  BIGINT NOT NULL REFERENCES cities (id) ON DELETE CASCADE,
    lang     TEXT NOT NULL,
    name     TEXT NOT NULL CHECK (name <> ''),
    name_key TEXT NOT NULL,
    PRIMARY KEY (city_id, lang)
) WITHOUT ROWID;
CREATE INDEX city_names_name_key ON city_names (name_key);
COMMIT;
PRAGMA foreign_keys = ON;

-- +goose Down
PRAGMA foreign_keys = OFF;
BEGIN IMMEDIATE;
DROP TABLE city_names;
DROP TABLE community_listings;
DELETE FROM communities WHERE city_id IS NULL;
CREATE TABLE communities_old (
    id            INTEGER PRIMARY KEY,
    kind          TEXT NOT NULL CHECK (kind IN ('chapter', 'user_group', 'local_group', 'wiki_club', 'thematic_organization')),
    name          TEXT NOT NULL CHECK (name <> ''),
    name_key      TEXT NOT NULL,
    city_id       BIGINT NOT NULL REFERENCES cities (id),
    meta_page     TEXT NOT NULL DEFAULT '',
    website       TEXT NOT NULL DEFAULT '',
    contact       TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'dormant', 'closed')),
    last_activity BIGINT NOT NULL DEFAULT 0,
    archived      INTEGER NOT NULL DEFAULT 0,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL,
    version       BIGINT NOT NULL DEFAULT 1
);
INSERT INTO communities_old SELECT id, kind, name, name_key, city_id, meta_page, website, contact, status, last_activity, archived, created_at, updated_at, version FROM communities;
DROP TABLE communities;
ALTER TABLE communities_old RENAME TO communities;
CREATE INDEX communities_city ON communities (city_id);
CREATE INDEX communities_name_key ON communities (name_key);
COMMIT;
PRAGMA foreign_keys = ON;
