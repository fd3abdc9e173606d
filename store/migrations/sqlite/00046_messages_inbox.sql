-- +goose Up
-- Messages between the coordinators of a partnership's two parties (on a
-- proposal as on a running partnership). author_name is kept as written so
-- that a message outlives its author's account.
CREATE TABLE partnership_messages (
    id             INTEGER PRIMARY KEY,
    partnership_id BIGINT NOT NULL REFERENCES partnerships (id) ON DELETE CASCADE,
    author_id      BIGINT NOT NULL DEFAULT 0,
    author_name    TEXT NOT NULL,
    side           TEXT NOT NULL CHECK (side IN ('a', 'b')),
    body           TEXT NOT NULL CHECK (body <> ''),
    created_at     BIGINT NOT NULL
);
CREATE INDEX partnership_messages_partnership ON partnership_messages (partnership_id, id);
CREATE INDEX partnership_messages_created ON partnership_messages (created_at);

-- How often a person is emailed about their inbox, when they last looked at
-- it and when they were last emailed about it (the inbox itself is computed
-- from proposals, history, messages, responsibilities, requests and claims).
CREATE TABLE inbox_state (
    user_id    BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    email      TEXT NOT NULL DEFAULT 'immediately' CHECK (email IN ('immediately', 'daily', 'weekly', 'never')),
    seen_at    BIGINT NOT NULL DEFAULT 0,
    emailed_at BIGINT NOT NULL DEFAULT 0
);

-- +goose Down
DROP TABLE inbox_state;
DROP TABLE partnership_messages;
