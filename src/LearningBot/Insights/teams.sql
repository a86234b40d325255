-- Per manager's team (everyone reporting to them, directly or not) and partner: first-try answers, completion and
-- just-in-time hits in the range, as sums so small groups can be folded together.
WITH members AS (
    SELECT sm.manager_email AS team, sm.seller_id
    FROM seller_managers sm
    WHERE (@team::text IS NULL OR sm.manager_email = lower(@team))
      AND (@sellers::bigint[] IS NULL OR sm.seller_id = ANY(@sellers))
), first_try AS (
    SELECT DISTINCT ON (a.seller_id, a.question_id) a.seller_id, a.question_id, a.score, a.answered_at
    FROM quiz_answers a
    ORDER BY a.seller_id, a.question_id, a.answered_at, a.id
), answers AS (
    SELECT m.team, coalesce(l.partner_id, '') AS partner_id, f.seller_id, f.score
    FROM members m
    JOIN first_try f ON f.seller_id = m.seller_id
    JOIN quiz_questions q ON q.id = f.question_id
    JOIN lessons l ON l.id = q.lesson_id
    WHERE f.answered_at >= @from AND f.answered_at < @to
      AND (@partner::text IS NULL OR l.partner_id = @partner)
), lessons_sent AS (
    SELECT m.team, coalesce(l.partner_id, '') AS partner_id, d.seller_id,
           d.completed_at IS NOT NULL AS completed,
           (d.snoozed_until IS NOT NULL OR d.reason LIKE @snoozed) AS later
    FROM members m
    JOIN deliveries d ON d.seller_id = m.seller_id AND d.kind = 'lesson' AND d.sent_at >= @from AND d.sent_at < @to
    JOIN lessons l ON l.id = d.lesson_id
    WHERE (@partner::text IS NULL OR l.partner_id = @partner)
)
SELECT coalesce(a.team, s.team) AS team, coalesce(a.partner_id, s.partner_id) AS partner_id,
       coalesce(a.sellers, 0) AS answering_sellers, coalesce(a.answers, 0) AS answers, coalesce(a.score_sum, 0) AS score_sum,
       coalesce(a.right_answers, 0) AS right_answers, coalesce(s.sent, 0) AS sent, coalesce(s.completed, 0) AS completed,
       coalesce(s.later, 0) AS later
FROM (SELECT team, partner_id, count(DISTINCT seller_id) AS sellers, count(*) AS answers, sum(score) AS score_sum,
             count(*) FILTER (WHERE score = 1) AS right_answers
      FROM answers GROUP BY 1, 2) a
FULL JOIN (SELECT team, partner_id, count(*) AS sent, count(*) FILTER (WHERE completed) AS completed, count(*) FILTER (WHERE later) AS later
           FROM lessons_sent GROUP BY 1, 2) s ON s.team = a.team AND s.partner_id = a.partner_id
ORDER BY 1, 2
