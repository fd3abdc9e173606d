-- +goose Up
-- Regional champions (Smart Region): a community that takes responsibility
-- for a first-level subdivision of a country, keyed by its ISO 3166-2 code.
CREATE TABLE region_champions (
    region       TEXT NOT NULL CHECK (region <> ''),
    community_id BIGINT NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    note         TEXT NOT NULL DEFAULT '',
    created_at   BIGINT NOT NULL,
    PRIMARY KEY (region, community_id)
);
CREATE INDEX region_champions_community ON region_champions (community_id);

-- +goose Down
DROP TABLE region_champions;
