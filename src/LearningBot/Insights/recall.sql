-- Live memory items of sellers in scope, with each seller's next meeting with the lesson's partner.
SELECT m.seller_id, coalesce(s.email, s.slack_user_id) AS seller, coalesce(l.partner_id, '') AS partner_id,
       m.stability, m.last_review_at, m.due_at,
       (SELECT min(mt.starts_at)
        FROM meetings mt JOIN meeting_partners mp ON mp.meeting_id = mt.id
        WHERE mt.seller_id = m.seller_id AND mp.partner_id = l.partner_id AND NOT mt.cancelled AND mt.starts_at > @now) AS next_meeting
FROM memory_items m
JOIN lessons l ON l.id = m.lesson_id
JOIN sellers s ON s.id = m.seller_id
WHERE m.retired_at IS NULL
  AND (@partner::text IS NULL OR l.partner_id = @partner)
  AND (@sellers::bigint[] IS NULL OR m.seller_id = ANY(@sellers))
ORDER BY m.seller_id, l.partner_id
