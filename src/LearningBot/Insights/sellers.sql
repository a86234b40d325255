-- Per seller in scope: what they got in the range, what they did with it, and the signs of being interrupted too often.
SELECT s.id AS seller_id, coalesce(s.email, s.slack_user_id) AS seller, s.display_name, s.manager_email, s.settings::text AS settings,
       CASE WHEN s.paused_until > @now THEN s.paused_until END AS paused_until,
       count(d.id) FILTER (WHERE d.sent_at IS NOT NULL) AS sent,
       count(d.id) FILTER (WHERE d.completed_at IS NOT NULL) AS completed,
       count(d.id) FILTER (WHERE d.sent_at IS NOT NULL AND (d.snoozed_until IS NOT NULL OR d.reason LIKE @snoozed)) AS later,
       count(d.id) FILTER (WHERE d.status = @sent AND d.completed_at IS NULL AND d.snoozed_until IS NULL AND d.sent_at < @now - interval '48 hours'
                           AND NOT EXISTS (SELECT 1 FROM quiz_answers a WHERE a.delivery_id = d.id)) AS ignored_48h
FROM sellers s
LEFT JOIN deliveries d ON d.seller_id = s.id AND d.kind = 'lesson'
     AND d.sent_at >= @from AND d.sent_at < @to
     AND (@partner::text IS NULL OR EXISTS (SELECT 1 FROM lessons l WHERE l.id = d.lesson_id AND l.partner_id = @partner))
WHERE (@sellers::bigint[] IS NULL OR s.id = ANY(@sellers))
GROUP BY s.id
ORDER BY seller
