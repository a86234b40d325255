-- The domain schema every capability builds on. Times are timestamptz (UTC on the wire);
-- anything a later issue needs beyond this arrives as a new numbered script.

CREATE TABLE partners (
    id              text PRIMARY KEY CHECK (id ~ '^[a-z0-9-]+$'),
    name            text NOT NULL,
    summary         text,
    aliases         text[] NOT NULL DEFAULT '{}',
    email_domains   text[] NOT NULL DEFAULT '{}',
    channel         text,
    content_hash    text NOT NULL,
    archived_at     timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE lessons (
    id              text PRIMARY KEY,
    partner_id      text REFERENCES partners (id),
    objective_kind  text NOT NULL CHECK (objective_kind IN (
                        'what-partner-does', 'joint-value', 'qualify-cosell', 'why-partner-helps',
                        'product-release', 'spiff', 'other')),
    current_version integer NOT NULL,
    archived_at     timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);

-- Every distinct content of a lesson; answers point at the version they answered.
CREATE TABLE lesson_versions (
    lesson_id          text NOT NULL REFERENCES lessons (id),
    version            integer NOT NULL CHECK (version > 0),
    content_hash       text NOT NULL,
    source_path        text NOT NULL,
    title              text NOT NULL,
    objective          text NOT NULL,
    body_markdown      text NOT NULL,
    minutes            numeric(5, 2),
    estimated_minutes  numeric(5, 2) NOT NULL,
    available_from     date,
    relevant_until     date,
    campaign_starts    timestamp,          -- seller-local wall-clock time
    campaign_audience  text CHECK (campaign_audience IN ('all', 'partner-sellers')),
    media              jsonb NOT NULL DEFAULT '[]',
    imported_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (lesson_id, version),
    UNIQUE (lesson_id, content_hash)
);

CREATE TABLE quiz_questions (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    lesson_id       text NOT NULL,
    lesson_version  integer NOT NULL,
    position        integer NOT NULL,
    kind            text NOT NULL CHECK (kind IN ('choice', 'pick', 'match')),
    prompt          text NOT NULL,
    pick_count      integer,
    options         jsonb NOT NULL,        -- choice/pick: option texts; match: {"pairs": {...}, "distractors": [...]}
    correct         jsonb NOT NULL,
    explanation     text,
    FOREIGN KEY (lesson_id, lesson_version) REFERENCES lesson_versions (lesson_id, version),
    UNIQUE (lesson_id, lesson_version, position)
);

CREATE TABLE sellers (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email               text UNIQUE CHECK (email = lower(email)),
    slack_user_id       text UNIQUE,
    display_name        text,
    time_zone           text NOT NULL DEFAULT 'UTC',
    time_zone_refreshed_at timestamptz,
    calendar_url        text,
    calendar_etag       text,
    calendar_last_modified text,
    settings            jsonb NOT NULL DEFAULT '{}',
    paused_until        timestamptz,
    registered_via      text NOT NULL CHECK (registered_via IN ('roster', 'slash-command', 'sandbox')),
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    CHECK (email IS NOT NULL OR slack_user_id IS NOT NULL)
);

CREATE TABLE meetings (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    seller_id        bigint NOT NULL REFERENCES sellers (id),
    source           text NOT NULL CHECK (source IN ('ics', 'webhook', 'file')),
    external_uid     text NOT NULL,       -- for recurring events: uid plus the instance's recurrence id
    title            text NOT NULL DEFAULT '',
    description      text NOT NULL DEFAULT '',
    starts_at        timestamptz NOT NULL,
    ends_at          timestamptz NOT NULL CHECK (ends_at >= starts_at),
    all_day          boolean NOT NULL DEFAULT false,
    attendee_emails  text[] NOT NULL DEFAULT '{}',
    cancelled        boolean NOT NULL DEFAULT false,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    UNIQUE (seller_id, source, external_uid)
);
CREATE INDEX meetings_seller_starts ON meetings (seller_id, starts_at);

CREATE TABLE opportunities (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source           text NOT NULL CHECK (source IN ('webhook', 'file')),
    external_id      text NOT NULL,
    account_domain   text NOT NULL CHECK (account_domain = lower(account_domain)),
    partner_id       text NOT NULL REFERENCES partners (id),
    stage            text NOT NULL,
    owner_email      text NOT NULL CHECK (owner_email = lower(owner_email)),
    closed           boolean NOT NULL DEFAULT false,
    updated_at       timestamptz NOT NULL DEFAULT now(),
    UNIQUE (source, external_id)
);
CREATE INDEX opportunities_account ON opportunities (account_domain) WHERE NOT closed;

-- Why a meeting involves a partner, in words a seller understands.
CREATE TABLE meeting_partners (
    meeting_id   bigint NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    partner_id   text NOT NULL REFERENCES partners (id),
    reason       text NOT NULL,
    PRIMARY KEY (meeting_id, partner_id)
);

-- The outbox: every message the bot initiates is a row here before it is sent.
CREATE TABLE deliveries (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    seller_id       bigint NOT NULL REFERENCES sellers (id),
    kind            text NOT NULL CHECK (kind IN ('lesson', 'quick-check')),
    trigger         text NOT NULL CHECK (trigger IN ('meeting', 'campaign', 'evergreen', 'user', 'reinforcement')),
    lesson_id       text NOT NULL REFERENCES lessons (id),
    lesson_version  integer NOT NULL,
    question_id     bigint REFERENCES quiz_questions (id),
    meeting_id      bigint REFERENCES meetings (id),
    status          text NOT NULL CHECK (status IN ('planned', 'sending', 'sent', 'skipped', 'cancelled', 'failed')),
    due_at          timestamptz NOT NULL,
    reason          text NOT NULL,
    attempts        integer NOT NULL DEFAULT 0,
    last_error      text,
    slack_channel   text,
    slack_ts        text,
    sent_at         timestamptz,
    snoozed_until   timestamptz,
    completed_at    timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (lesson_id, lesson_version) REFERENCES lesson_versions (lesson_id, version)
);
CREATE INDEX deliveries_due ON deliveries (due_at) WHERE status = 'planned';
CREATE INDEX deliveries_seller ON deliveries (seller_id, status);
-- "Never the same lesson twice": one live lesson delivery per seller and lesson.
CREATE UNIQUE INDEX deliveries_one_live_lesson ON deliveries (seller_id, lesson_id)
    WHERE kind = 'lesson' AND status IN ('planned', 'sending', 'sent');

CREATE TABLE quiz_answers (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    delivery_id   bigint NOT NULL REFERENCES deliveries (id),
    question_id   bigint NOT NULL REFERENCES quiz_questions (id),
    seller_id     bigint NOT NULL REFERENCES sellers (id),
    answer        jsonb NOT NULL,
    score         numeric(4, 3) NOT NULL CHECK (score BETWEEN 0 AND 1),
    answered_at   timestamptz NOT NULL,
    UNIQUE (delivery_id, question_id)
);

CREATE TABLE discussions (
    id                    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    lesson_id             text NOT NULL REFERENCES lessons (id),
    channel_id            text NOT NULL,
    thread_ts             text NOT NULL,
    permalink             text,
    started_by_seller_id  bigint REFERENCES sellers (id),
    created_at            timestamptz NOT NULL DEFAULT now(),
    UNIQUE (lesson_id, channel_id),
    UNIQUE (channel_id, thread_ts)
);

CREATE TABLE discussion_replies (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    discussion_id   bigint NOT NULL REFERENCES discussions (id),
    message_ts      text NOT NULL,
    author_user_id  text NOT NULL,
    text            text NOT NULL,
    posted_at       timestamptz NOT NULL,
    edited_at       timestamptz,
    deleted_at      timestamptz,
    UNIQUE (discussion_id, message_ts)
);

-- Verified Slack requests, written before the ack and processed from here.
CREATE TABLE inbox (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind           text NOT NULL CHECK (kind IN ('event', 'command', 'interaction')),
    dedupe_key     text NOT NULL UNIQUE,
    team_id        text,
    content_type   text NOT NULL,
    body           text NOT NULL,
    status         text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'processing', 'done', 'failed')),
    attempts       integer NOT NULL DEFAULT 0,
    locked_until   timestamptz,
    error          text,
    received_at    timestamptz NOT NULL,
    processed_at   timestamptz
);
CREATE INDEX inbox_pending ON inbox (received_at) WHERE status IN ('pending', 'processing');
