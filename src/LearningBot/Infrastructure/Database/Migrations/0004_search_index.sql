-- Search: one row per lesson holding each searchable field separately (so a result can say why it matched) and a
-- weighted tsvector over all of them; a lexicon of indexed words with trigrams corrects typos in queries.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE lesson_search (
    lesson_id         text PRIMARY KEY REFERENCES lessons (id),
    partner_id        text REFERENCES partners (id),
    title             text NOT NULL,
    objective         text NOT NULL,
    partner_names     text NOT NULL,   -- name and aliases
    quiz_text         text NOT NULL,   -- prompts, options, explanations
    transcript_text   text NOT NULL,   -- video and audio transcripts
    alt_text          text NOT NULL,   -- image descriptions
    body_text         text NOT NULL,
    discussion_text   text NOT NULL,   -- replies in the lesson's discussion threads
    discussion_channel text,
    -- one vector per field, so a hit can say which field matched without parsing text at query time
    title_vector      tsvector NOT NULL,
    objective_vector  tsvector NOT NULL,
    quiz_vector       tsvector NOT NULL,
    transcript_vector tsvector NOT NULL,
    alt_vector        tsvector NOT NULL,
    body_vector       tsvector NOT NULL,
    discussion_vector tsvector NOT NULL,
    partner_vector    tsvector NOT NULL,
    document          tsvector NOT NULL,
    archived          boolean NOT NULL DEFAULT false
);
CREATE INDEX lesson_search_document ON lesson_search USING gin (document);
CREATE INDEX lesson_search_partner ON lesson_search (partner_id);

CREATE TABLE search_words (
    word text PRIMARY KEY
);
CREATE INDEX search_words_trigrams ON search_words USING gin (word gin_trgm_ops);
