-- +goose Up
-- The slides of an imported training module, so that its modules can be
-- read on the site: one row per slide in order, the slide (title, Markdown
-- content, quiz and translations) as JSON. An import replaces them.
CREATE TABLE training_slides (
    resource_id BIGINT NOT NULL REFERENCES training_resources (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    slide_json  TEXT NOT NULL,
    PRIMARY KEY (resource_id, position)
);

-- +goose Down
DROP TABLE training_slides;
