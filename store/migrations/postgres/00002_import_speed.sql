-- cities(country) served no query (searches compare LOWER(country)); the
-- SQLite side also turns labels and links into WITHOUT ROWID tables, which
-- PostgreSQL has no need of.
-- +goose Up
DROP INDEX cities_country;

-- +goose Down
CREATE INDEX cities_country ON cities (country);
