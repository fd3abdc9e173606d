-- +goose Up
CREATE TABLE skills (
    code  TEXT PRIMARY KEY,
    label TEXT NOT NULL
);

CREATE TABLE communities (
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
CREATE INDEX communities_city ON communities (city_id);
CREATE INDEX communities_name_key ON communities (name_key);

-- Languages and projects of a community, one row each.
CREATE TABLE community_languages (
    community_id BIGINT NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    language     TEXT NOT NULL,
    PRIMARY KEY (community_id, language)
);
CREATE INDEX community_languages_language ON community_languages (language);

CREATE TABLE community_projects (
    community_id BIGINT NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    project      TEXT NOT NULL,
    PRIMARY KEY (community_id, project)
);

-- Skills offered ('offered') and wanted ('wanted') by a community or institution.
CREATE TABLE party_skills (
    party_kind TEXT NOT NULL CHECK (party_kind IN ('community', 'institution')),
    party_id   BIGINT NOT NULL,
    direction  TEXT NOT NULL CHECK (direction IN ('offered', 'wanted')),
    skill      TEXT NOT NULL REFERENCES skills (code),
    PRIMARY KEY (party_kind, party_id, direction, skill)
);
CREATE INDEX party_skills_skill ON party_skills (skill, direction);

CREATE TABLE institutions (
    id            INTEGER PRIMARY KEY,
    kind          TEXT NOT NULL CHECK (kind IN ('museum', 'library', 'archive', 'gallery', 'university', 'school', 'ngo', 'government', 'company')),
    name          TEXT NOT NULL CHECK (name <> ''),
    name_key      TEXT NOT NULL,
    city_id       BIGINT NOT NULL REFERENCES cities (id),
    region        TEXT NOT NULL DEFAULT '',
    qid           TEXT,
    website       TEXT NOT NULL DEFAULT '',
    hosts_wiki_club INTEGER NOT NULL DEFAULT 0,
    has_wir       INTEGER NOT NULL DEFAULT 0,
    archived      INTEGER NOT NULL DEFAULT 0,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL,
    version       BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX institutions_city ON institutions (city_id);
CREATE INDEX institutions_name_key ON institutions (name_key);

INSERT INTO skills (code, label) VALUES
    ('photography', 'Photography'), ('glam', 'GLAM'), ('education', 'Education'),
    ('wikidata', 'Wikidata'), ('translation', 'Translation'), ('tools_and_bots', 'Tools and bots'),
    ('events', 'Events'), ('outreach', 'Outreach'), ('editing_training', 'Editing training'),
    ('fundraising', 'Fundraising'), ('communications', 'Communications'), ('research', 'Research'),
    ('accessibility', 'Accessibility'), ('open_licensing', 'Open licensing');

-- +goose Down
DROP TABLE institutions;
DROP TABLE party_skills;
DROP TABLE community_projects;
DROP TABLE community_languages;
DROP TABLE communities;
DROP TABLE skills;
