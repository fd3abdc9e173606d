-- Listed communities: directory entries imported from the movement's
-- affiliate lists (Meta-Wiki, Wikidata) rather than written by a
-- coordinator. A listed community whose city is unknown sits at country
-- level: city_id NULL and country set. community_listings keeps where the
-- entry came from and the values last imported, so that a later import
-- updates only the fields nobody edited since. city_names holds the names
-- of cities in other languages (Wikidata labels).
-- +goose Up
ALTER TABLE communities ALTER COLUMN city_id DROP NOT NULL;
ALTER TABLE communities ADD COLUMN country TEXT NOT NULL DEFAULT '';
ALTER TABLE communities ADD CONSTRAINT communities_place CHECK (city_id IS NOT NULL OR country <> '');

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
);
CREATE INDEX city_names_name_key ON city_names (name_key);

-- +goose Down
DROP TABLE city_names;
DROP TABLE community_listings;
DELETE FROM communities WHERE city_id IS NULL;
ALTER TABLE communities DROP CONSTRAINT communities_place;
ALTER TABLE communities DROP COLUMN country;
ALTER TABLE communities ALTER COLUMN city_id SET NOT NULL;
