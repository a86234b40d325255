-- Calendar feed health and Slack resolution on the seller row. A failing feed keeps its reason and since when
-- (shown in App Home); calendar_expanded_at is when the feed was last read in full, because a 304 cannot bring
-- new recurring instances into the planning horizon. slack_checked_at and slack_error record the daily
-- users.lookupByEmail / users.info resolution.

ALTER TABLE sellers
    ADD COLUMN calendar_error         text,
    ADD COLUMN calendar_failing_since timestamptz,
    ADD COLUMN calendar_synced_at     timestamptz,
    ADD COLUMN calendar_expanded_at   timestamptz,
    ADD COLUMN slack_checked_at       timestamptz,
    ADD COLUMN slack_error            text;

-- Webhook deletes and upserts find meetings by (source, uid) whatever the seller.
CREATE INDEX meetings_source_uid ON meetings (source, external_uid);
