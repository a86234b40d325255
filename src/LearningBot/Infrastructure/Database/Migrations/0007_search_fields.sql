-- Search, second cut: each searchable field of a lesson becomes its own row with its own vector and weight under one
-- GIN index. A phrase usually sits in one field, so a query ranks a few small field vectors instead of every matching
-- lesson's whole weighted document (which grows with every discussion reply), and the best field says why it matched.

CREATE TABLE lesson_search_fields (
    lesson_id text NOT NULL REFERENCES lesson_search (lesson_id) ON DELETE CASCADE,
    field     smallint NOT NULL,   -- 1 title, 2 objective, 3 partner, 4 quiz, 5 transcript, 6 image, 7 body, 8 discussion
    weight    real NOT NULL,       -- title, objective and partner 1.0; quiz 0.6; transcript, image and body 0.3; discussion 0.1
    vector    tsvector NOT NULL,
    PRIMARY KEY (lesson_id, field)
);

INSERT INTO lesson_search_fields (lesson_id, field, weight, vector)
SELECT s.lesson_id, f.field, f.weight, f.vector
FROM lesson_search s
CROSS JOIN LATERAL (VALUES (1, 1.0, s.title_vector), (2, 1.0, s.objective_vector), (3, 1.0, s.partner_vector),
                           (4, 0.6, s.quiz_vector), (5, 0.3, s.transcript_vector), (6, 0.3, s.alt_vector),
                           (7, 0.3, s.body_vector), (8, 0.1, s.discussion_vector)) AS f(field, weight, vector)
WHERE NOT s.archived AND f.vector <> ''::tsvector;

CREATE INDEX lesson_search_fields_vector ON lesson_search_fields USING gin (vector);

ALTER TABLE lesson_search
    DROP COLUMN title_vector, DROP COLUMN objective_vector, DROP COLUMN quiz_vector, DROP COLUMN transcript_vector,
    DROP COLUMN alt_vector, DROP COLUMN body_vector, DROP COLUMN discussion_vector, DROP COLUMN partner_vector,
    DROP COLUMN document;
