-- Every source that states a twin link, not only the first one read
-- (twin_links keeps one row per pair): the twin data report lists links
-- known from one source only, links a Wikidata item states on one side only
-- (stated_by: the city whose item has the P190 statement; 0 when the source
-- has no direction), and pairs the sources place in different countries.
-- +goose Up
CREATE TABLE twin_link_sources (
    a          BIGINT NOT NULL REFERENCES cities (id) ON DELETE CASCADE,
    b          BIGINT NOT NULL REFERENCES cities (id) ON DELETE CASCADE,
    source     TEXT NOT NULL CHECK (source IN ('wikidata', 'csv', 'wikitext', 'manual')),
    stated_by  BIGINT NOT NULL DEFAULT 0,
    provenance TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (a, b, source, stated_by),
    CHECK (a < b)
);
CREATE INDEX twin_link_sources_b ON twin_link_sources (b);
INSERT INTO twin_link_sources (a, b, source, stated_by, provenance) SELECT a, b, source, 0, provenance FROM twin_links;

-- +goose Down
DROP TABLE twin_link_sources;
