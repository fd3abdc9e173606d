-- +goose Up
-- Requests to coordinate a community or an institution (wikicities.Claim).
-- An approved claim also writes a row of coordinators; the claim stays as
-- the record of who decided and how (method: coordinator, admin, meta_wiki,
-- with the Meta-Wiki revisions checked in evidence_json).
CREATE TABLE coordinator_claims (
    id                 INTEGER PRIMARY KEY,
    user_id            BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    party_kind         TEXT NOT NULL CHECK (party_kind IN ('community', 'institution')),
    party_id           BIGINT NOT NULL,
    message            TEXT NOT NULL DEFAULT '',
    wikimedia_username TEXT NOT NULL DEFAULT '',
    code               TEXT NOT NULL,
    state              TEXT NOT NULL CHECK (state IN ('pending', 'approved', 'declined', 'withdrawn')),
    method             TEXT NOT NULL DEFAULT '',
    decided_by         TEXT NOT NULL DEFAULT '',
    note               TEXT NOT NULL DEFAULT '',
    evidence_json      TEXT NOT NULL DEFAULT '{}',
    decided_at         BIGINT NOT NULL DEFAULT 0,
    created_at         BIGINT NOT NULL,
    updated_at         BIGINT NOT NULL,
    version            BIGINT NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX coordinator_claims_one_pending ON coordinator_claims (user_id, party_kind, party_id) WHERE state = 'pending';
CREATE INDEX coordinator_claims_party ON coordinator_claims (party_kind, party_id, state);

-- +goose Down
DROP TABLE coordinator_claims;
