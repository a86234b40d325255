-- Every meeting-driven lesson that was sent, whose meeting has started and started in the range: was it completed first?
SELECT d.id AS delivery_id, d.lesson_id, d.seller_id, coalesce(s.email, s.slack_user_id) AS seller, coalesce(l.partner_id, '') AS partner_id,
       m.title AS meeting, m.starts_at AS meeting_start, d.sent_at, d.completed_at,
       coalesce(d.completed_at < m.starts_at, false) AS before_meeting
FROM deliveries d
JOIN meetings m ON m.id = d.meeting_id
JOIN lessons l ON l.id = d.lesson_id
JOIN sellers s ON s.id = d.seller_id
WHERE d.kind = 'lesson' AND d.trigger = 'meeting' AND d.sent_at IS NOT NULL AND NOT m.cancelled
  AND m.starts_at <= @now AND m.starts_at >= @from AND m.starts_at < @to
  AND (@partner::text IS NULL OR l.partner_id = @partner)
  AND (@sellers::bigint[] IS NULL OR d.seller_id = ANY(@sellers))
ORDER BY m.starts_at, d.id
