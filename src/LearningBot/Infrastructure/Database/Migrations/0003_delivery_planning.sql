-- Planning needs a claim lease for the dispatcher and idempotent skip rows: the planner runs every few
-- minutes and must record each skipped (seller, meeting, lesson) once, updating its reason in place.

ALTER TABLE deliveries ADD COLUMN claimed_until timestamptz;

CREATE UNIQUE INDEX deliveries_one_skip_per_meeting ON deliveries (seller_id, meeting_id, lesson_id)
    WHERE status = 'skipped' AND meeting_id IS NOT NULL;

CREATE INDEX deliveries_stuck ON deliveries (claimed_until) WHERE status = 'sending';
CREATE INDEX deliveries_meeting ON deliveries (meeting_id) WHERE meeting_id IS NOT NULL;

-- Campaign and evergreen skips have no meeting: one per seller, lesson and trigger.
CREATE UNIQUE INDEX deliveries_one_skip_without_meeting ON deliveries (seller_id, lesson_id, trigger)
    WHERE status = 'skipped' AND meeting_id IS NULL;
