-- Faster bulk imports: labels and twin links are looked up by their keys
-- only, so they live in their primary-key B-tree alone (WITHOUT ROWID) and
-- an insert writes one tree fewer; cities(country) served no query
-- (searches compare LOWER(country)).
-- +goose Up
DROP INDEX cities_country;

CREATE TABLE city_labels_new (
    label_key TEXT PRIMARY KEY,
    city_id   BIGINT NOT NULL REFERENCES cities (id) ON DELETE CASCADE,
    name      TEXT NOT NULL,
    country   TEXT NOT NULL
) WITHOUT ROWID;
INSERT INTO city_labels_new (label_key, city_id, name, country) SELECT label_key, city_id, name, country FROM city_labels;
DROP TABLE city_labels;
ALTER TABLE city_labels_new RENAME TO city_labels;
CREATE INDEX city_labels_city ON city_labels (city_id);

CREATE TABLE twin_links_new (
    a          BIGINT NOT NULL REFERENCES cities (id) ON DELETE CASCADE,
    b          BIGINT NOT NULL REFERENCES cities (id) ON DELETE CASCADE,
    source     TEXT NOT NULL CHECK (source IN ('wikidata', 'csv', 'wikitext', 'manual')),
    year       INTEGER NOT NULL DEFAULT 0,
    provenance TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    PRIMARY KEY (a, b),
    CHECK (a < b)
) WITHOUT ROWID;
INSERT INTO twin_links_new (a, b, source, year, provenance, created_at) SELECT a, b, source, year, provenance, created_at FROM twin_links;
DROP TABLE twin_links;
ALTER TABLE twin_links_new RENAME TO twin_links;
CREATE INDEX twin_links_b ON twin_links (b);

-- +goose Down
CREATE TABLE twin_links_old (
    a          BIGINT NOT NULL REFERENCES cities (id) ON DELETE CASCADE,
    b          BIGINT NOT NULL REFERENCES cities (id) ON DELETE CASCADE,
    source     TEXT NOT NULL CHECK (source IN ('wikidata', 'csv', 'wikitext', 'manual')),
    year       INTEGER NOT NULL DEFAULT 0,
    provenance TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    PRIMARY KEY (a, b),
    CHECK (a < b)
);
INSERT INTO twin_links_old SELECT a, b, source, year, provenance, created_at FROM twin_links;
DROP TABLE twin_links;
ALTER TABLE twin_links_old RENAME TO twin_links;
CREATE INDEX twin_links_b ON twin_links (b);

CREATE TABLE city_labels_old (
    label_key TEXT PRIMARY KEY,
    city_id   BIGINT NOT NULL REFERENCES cities (id) ON DELETE CASCADE,
    name      TEXT NOT NULL,
    country   TEXT NOT NULL
);
INSERT INTO city_labels_old SELECT label_key, city_id, name, country FROM city_labels;
DROP TABLE city_labels;
ALTER TABLE city_labels_old RENAME TO city_labels;
CREATE INDEX city_labels_city ON city_labels (city_id);

CREATE INDEX cities_country ON cities (country);
