-- +goose Up
-- The capacity vocabulary, compatible with CapX's: a tree of at most three
-- levels, each capacity optionally a Wikidata item, labelled per language.
CREATE TABLE capacities (
    code     TEXT PRIMARY KEY CHECK (code <> ''),
    parent   TEXT NOT NULL DEFAULT '',
    qid      TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE capacity_labels (
    code     TEXT NOT NULL REFERENCES capacities (code) ON DELETE CASCADE,
    language TEXT NOT NULL,
    label    TEXT NOT NULL CHECK (label <> ''),
    PRIMARY KEY (code, language)
);

-- What a person (an account) or a group (a community) knows, has available
-- to share, or wants to learn.
CREATE TABLE holder_capacities (
    holder_kind TEXT NOT NULL CHECK (holder_kind IN ('person', 'group')),
    holder_id   BIGINT NOT NULL,
    state       TEXT NOT NULL CHECK (state IN ('known', 'available', 'wanted')),
    capacity    TEXT NOT NULL REFERENCES capacities (code) ON DELETE CASCADE,
    PRIMARY KEY (holder_kind, holder_id, state, capacity)
);
CREATE INDEX holder_capacities_capacity ON holder_capacities (capacity, state);

-- A mentor's availability: away until a date (0: present), and how many
-- mentees at a time (0: no limit).
CREATE TABLE mentor_availability (
    holder_kind  TEXT NOT NULL CHECK (holder_kind IN ('person', 'group')),
    holder_id    BIGINT NOT NULL,
    away_until   BIGINT NOT NULL DEFAULT 0,
    mentee_limit INTEGER NOT NULL DEFAULT 0 CHECK (mentee_limit >= 0),
    PRIMARY KEY (holder_kind, holder_id)
);

CREATE TABLE mentorships (
    id               INTEGER PRIMARY KEY,
    holder_kind      TEXT NOT NULL CHECK (holder_kind IN ('person', 'group')),
    mentor_id        BIGINT NOT NULL,
    mentee_id        BIGINT NOT NULL,
    capacity         TEXT NOT NULL REFERENCES capacities (code),
    state            TEXT NOT NULL CHECK (state IN ('requested', 'accepted', 'active', 'completed', 'cancelled')),
    months           INTEGER NOT NULL CHECK (months BETWEEN 1 AND 6),
    goals            TEXT NOT NULL DEFAULT '',
    requested_by     BIGINT NOT NULL DEFAULT 0,
    created_at       BIGINT NOT NULL,
    state_changed_at BIGINT NOT NULL,
    ends_at          BIGINT NOT NULL DEFAULT 0,
    CHECK (mentor_id <> mentee_id)
);
CREATE INDEX mentorships_mentor ON mentorships (holder_kind, mentor_id, state);
CREATE INDEX mentorships_mentee ON mentorships (holder_kind, mentee_id, state);

CREATE TABLE mentorship_checkins (
    id            INTEGER PRIMARY KEY,
    mentorship_id BIGINT NOT NULL REFERENCES mentorships (id) ON DELETE CASCADE,
    author_id     BIGINT NOT NULL DEFAULT 0,
    author_name   TEXT NOT NULL,
    note          TEXT NOT NULL CHECK (note <> ''),
    created_at    BIGINT NOT NULL
);
CREATE INDEX mentorship_checkins_mentorship ON mentorship_checkins (mentorship_id, id);

-- The starting vocabulary (more can be added by admins).
INSERT INTO capacities (code, parent, qid, position) VALUES
    ('communication', '', 'Q11024', 1),
    ('communication.translation', 'communication', 'Q7553', 2),
    ('communication.outreach', 'communication', '', 3),
    ('communication.outreach.social_media', 'communication.outreach', '', 4),
    ('learning', '', 'Q8434', 5),
    ('learning.training', 'learning', '', 6),
    ('learning.mentoring', 'learning', '', 7),
    ('content', '', '', 8),
    ('content.editing', 'content', 'Q52', 9),
    ('content.photography', 'content', 'Q11633', 10),
    ('content.photography.cultural_heritage', 'content.photography', '', 11),
    ('content.wikidata', 'content', 'Q2013', 12),
    ('content.commons', 'content', 'Q565', 13),
    ('organization', '', '', 14),
    ('organization.events', 'organization', '', 15),
    ('organization.partnerships', 'organization', '', 16),
    ('organization.glam', 'organization', '', 17),
    ('technology', '', '', 18),
    ('technology.programming', 'technology', 'Q80006', 19),
    ('technology.bots', 'technology', '', 20);
INSERT INTO capacity_labels (code, language, label) VALUES
    ('communication', 'en', 'Communication'),
    ('communication', 'de', 'Kommunikation'),
    ('communication', 'ar', 'التواصل'),
    ('communication.translation', 'en', 'Translation'),
    ('communication.translation', 'de', 'Übersetzung'),
    ('communication.translation', 'ar', 'الترجمة'),
    ('communication.outreach', 'en', 'Outreach'),
    ('communication.outreach', 'de', 'Öffentlichkeitsarbeit'),
    ('communication.outreach', 'ar', 'التوعية'),
    ('communication.outreach.social_media', 'en', 'Social media'),
    ('communication.outreach.social_media', 'de', 'Soziale Medien'),
    ('communication.outreach.social_media', 'ar', 'وسائل التواصل الاجتماعي'),
    ('learning', 'en', 'Learning and teaching'),
    ('learning', 'de', 'Lernen und Lehren'),
    ('learning', 'ar', 'التعلم والتعليم'),
    ('learning.training', 'en', 'Giving trainings'),
    ('learning.training', 'de', 'Schulungen geben'),
    ('learning.training', 'ar', 'تقديم التدريبات'),
    ('learning.mentoring', 'en', 'Mentoring'),
    ('learning.mentoring', 'de', 'Mentoring'),
    ('learning.mentoring', 'ar', 'الإرشاد'),
    ('content', 'en', 'Content contribution'),
    ('content', 'de', 'Inhalte beitragen'),
    ('content', 'ar', 'المساهمة بالمحتوى'),
    ('content.editing', 'en', 'Editing Wikipedia'),
    ('content.editing', 'de', 'Wikipedia bearbeiten'),
    ('content.editing', 'ar', 'تحرير ويكيبيديا'),
    ('content.photography', 'en', 'Photography'),
    ('content.photography', 'de', 'Fotografie'),
    ('content.photography', 'ar', 'التصوير الفوتوغرافي'),
    ('content.photography.cultural_heritage', 'en', 'Photographing cultural heritage'),
    ('content.photography.cultural_heritage', 'de', 'Kulturerbe fotografieren'),
    ('content.photography.cultural_heritage', 'ar', 'تصوير التراث الثقافي'),
    ('content.wikidata', 'en', 'Wikidata'),
    ('content.wikidata', 'de', 'Wikidata'),
    ('content.wikidata', 'ar', 'ويكي بيانات'),
    ('content.commons', 'en', 'Wikimedia Commons'),
    ('content.commons', 'de', 'Wikimedia Commons'),
    ('content.commons', 'ar', 'ويكيميديا كومنز'),
    ('organization', 'en', 'Organizing'),
    ('organization', 'de', 'Organisieren'),
    ('organization', 'ar', 'التنظيم'),
    ('organization.events', 'en', 'Running events'),
    ('organization.events', 'de', 'Veranstaltungen durchführen'),
    ('organization.events', 'ar', 'تنظيم الفعاليات'),
    ('organization.partnerships', 'en', 'Building partnerships'),
    ('organization.partnerships', 'de', 'Partnerschaften aufbauen'),
    ('organization.partnerships', 'ar', 'بناء الشراكات'),
    ('organization.glam', 'en', 'Working with GLAM institutions'),
    ('organization.glam', 'de', 'Arbeit mit GLAM-Einrichtungen'),
    ('organization.glam', 'ar', 'العمل مع مؤسسات جلام'),
    ('technology', 'en', 'Technology'),
    ('technology', 'de', 'Technik'),
    ('technology', 'ar', 'التقنية'),
    ('technology.programming', 'en', 'Programming'),
    ('technology.programming', 'de', 'Programmieren'),
    ('technology.programming', 'ar', 'البرمجة'),
    ('technology.bots', 'en', 'Tools and bots'),
    ('technology.bots', 'de', 'Werkzeuge und Bots'),
    ('technology.bots', 'ar', 'الأدوات والبوتات');

-- +goose Down
DROP TABLE mentorship_checkins;
DROP TABLE mentorships;
DROP TABLE mentor_availability;
DROP TABLE holder_capacities;
DROP TABLE capacity_labels;
DROP TABLE capacities;
