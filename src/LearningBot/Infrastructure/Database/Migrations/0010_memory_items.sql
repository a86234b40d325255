-- Reinforcement: one memory item per (seller, quiz question), scheduled by FSRS-6, and an append-only log of every
-- review so the scheduler can be re-run or re-fitted later. A question belongs to one lesson version, so a changed
-- question is a new item; the old one retires instead of asking what the lesson no longer says.

CREATE TABLE memory_items (
    seller_id       bigint NOT NULL REFERENCES sellers (id),
    question_id     bigint NOT NULL REFERENCES quiz_questions (id),
    lesson_id       text NOT NULL REFERENCES lessons (id),
    stability       double precision NOT NULL CHECK (stability > 0),
    difficulty      double precision NOT NULL CHECK (difficulty BETWEEN 1 AND 10),
    reviews         integer NOT NULL CHECK (reviews > 0),
    last_grade      smallint NOT NULL CHECK (last_grade BETWEEN 1 AND 4),
    last_review_at  timestamptz NOT NULL,
    due_at          timestamptz NOT NULL,
    retired_at      timestamptz,
    retired_reason  text,
    PRIMARY KEY (seller_id, question_id)
);

CREATE INDEX memory_items_due ON memory_items (seller_id, due_at) WHERE retired_at IS NULL;

CREATE TABLE memory_reviews (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    seller_id         bigint NOT NULL REFERENCES sellers (id),
    question_id       bigint NOT NULL REFERENCES quiz_questions (id),
    delivery_id       bigint NOT NULL REFERENCES deliveries (id),
    grade             smallint NOT NULL CHECK (grade BETWEEN 1 AND 4),
    reviewed_at       timestamptz NOT NULL,
    elapsed_days      double precision NOT NULL CHECK (elapsed_days >= 0),
    retrievability    double precision NOT NULL CHECK (retrievability BETWEEN 0 AND 1),
    stability         double precision NOT NULL,
    difficulty        double precision NOT NULL,
    next_due_at       timestamptz NOT NULL,
    UNIQUE (delivery_id, question_id)
);

CREATE INDEX memory_reviews_seller ON memory_reviews (seller_id, reviewed_at);

-- One live quick check per (seller, question): the planner moves it rather than adding another.
CREATE UNIQUE INDEX deliveries_one_live_quick_check ON deliveries (seller_id, question_id)
    WHERE kind = 'quick-check' AND status IN ('planned', 'sending');
