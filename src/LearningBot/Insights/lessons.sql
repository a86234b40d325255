-- Per lesson and per partner (GROUPING SETS): the funnel of lesson deliveries sent in the range. Started is any recorded
-- interaction (Later, an answer, a completion); Later stays visible after the lesson came back.
WITH scoped AS (
    SELECT d.id, d.lesson_id, coalesce(l.partner_id, '') AS partner_id, d.status, d.sent_at, d.completed_at,
           (d.snoozed_until IS NOT NULL OR d.reason LIKE @snoozed) AS later,
           EXISTS (SELECT 1 FROM quiz_answers a WHERE a.delivery_id = d.id) AS answered
    FROM deliveries d
    JOIN lessons l ON l.id = d.lesson_id
    WHERE d.kind = 'lesson'
      AND coalesce(d.sent_at, d.due_at) >= @from AND coalesce(d.sent_at, d.due_at) < @to
      AND (@partner::text IS NULL OR l.partner_id = @partner)
      AND (@sellers::bigint[] IS NULL OR d.seller_id = ANY(@sellers))
)
SELECT s.lesson_id, s.partner_id,
       count(*) FILTER (WHERE s.sent_at IS NOT NULL) AS sent,
       count(*) FILTER (WHERE s.sent_at IS NOT NULL AND (s.later OR s.answered OR s.completed_at IS NOT NULL)) AS started,
       count(*) FILTER (WHERE s.completed_at IS NOT NULL) AS completed,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM s.completed_at - s.sent_at) / 60)
           FILTER (WHERE s.completed_at IS NOT NULL AND s.sent_at IS NOT NULL) AS median_minutes_to_complete,
       count(*) FILTER (WHERE s.sent_at IS NOT NULL AND s.later) AS later,
       count(*) FILTER (WHERE s.status = @skipped) AS skipped
FROM scoped s
GROUP BY GROUPING SETS ((s.lesson_id, s.partner_id), (s.partner_id))
ORDER BY s.partner_id, s.lesson_id NULLS FIRST
