-- +goose Up
-- "Partner wanted" notices posted by a community or an institution. Kinds,
-- languages and skills sought are space-separated codes; the cities and
-- countries sought are rows of their own so that city pages can list them.
CREATE TABLE partner_requests (
    id            INTEGER PRIMARY KEY,
    party_kind    TEXT NOT NULL CHECK (party_kind IN ('community', 'institution')),
    party_id      BIGINT NOT NULL,
    title         TEXT NOT NULL CHECK (title <> ''),
    description   TEXT NOT NULL DEFAULT '',
    partner_kinds TEXT NOT NULL DEFAULT '',
    languages     TEXT NOT NULL DEFAULT '',
    skills        TEXT NOT NULL DEFAULT '',
    expires_at    BIGINT NOT NULL,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL,
    version       BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX partner_requests_party ON partner_requests (party_kind, party_id);
CREATE INDEX partner_requests_expires ON partner_requests (expires_at);

CREATE TABLE partner_request_cities (
    request_id BIGINT NOT NULL REFERENCES partner_requests (id) ON DELETE CASCADE,
    city_id    BIGINT NOT NULL REFERENCES cities (id) ON DELETE CASCADE,
    PRIMARY KEY (request_id, city_id)
);
CREATE INDEX partner_request_cities_city ON partner_request_cities (city_id);

-- country is as the poster wrote it; country_key is the sovereign state it
-- belongs to, folded ("Scotland" and "UK" both give "united kingdom").
CREATE TABLE partner_request_countries (
    request_id  BIGINT NOT NULL REFERENCES partner_requests (id) ON DELETE CASCADE,
    country     TEXT NOT NULL,
    country_key TEXT NOT NULL,
    PRIMARY KEY (request_id, country)
);
CREATE INDEX partner_request_countries_key ON partner_request_countries (country_key);

-- Answers to a request. partnership_id is set once answering starts a
-- partnership proposal (the partnerships work owns that table).
CREATE TABLE partner_request_answers (
    id             INTEGER PRIMARY KEY,
    request_id     BIGINT NOT NULL REFERENCES partner_requests (id) ON DELETE CASCADE,
    party_kind     TEXT NOT NULL CHECK (party_kind IN ('community', 'institution')),
    party_id       BIGINT NOT NULL,
    message        TEXT NOT NULL DEFAULT '',
    partnership_id BIGINT NOT NULL DEFAULT 0,
    created_at     BIGINT NOT NULL,
    UNIQUE (request_id, party_kind, party_id)
);
CREATE INDEX partner_request_answers_party ON partner_request_answers (party_kind, party_id);

-- +goose Down
DROP TABLE partner_request_answers;
DROP TABLE partner_request_countries;
DROP TABLE partner_request_cities;
DROP TABLE partner_requests;
