-- Discussions: every weekly digest of a partner channel is recorded (sent, skipped or failed) before anything is posted,
-- so each channel gets at most one per week across instances and restarts. A digest left in 'sending' after its claim
-- expired is looked up in the channel by its metadata before it is posted again.

CREATE TABLE discussion_digests (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    channel        text NOT NULL,            -- the channel as the partner files name it ("#partner-northwind" or an id)
    week_of        date NOT NULL,            -- the Monday of the digest in the channel's time zone
    status         text NOT NULL CHECK (status IN ('sending', 'sent', 'skipped', 'failed')),
    claimed_until  timestamptz,
    channel_id     text,
    message_ts     text,
    reason         text,
    created_at     timestamptz NOT NULL,
    finished_at    timestamptz,
    UNIQUE (channel, week_of)
);

-- The digest counts a week's replies per lesson.
CREATE INDEX discussion_replies_posted ON discussion_replies (posted_at) WHERE deleted_at IS NULL;
