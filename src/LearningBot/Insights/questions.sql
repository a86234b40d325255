-- Per question of the lessons answered in the range: each seller's first answer to it (later quick checks are not a first try).
WITH first_try AS (
    SELECT DISTINCT ON (a.seller_id, a.question_id) a.seller_id, a.question_id, a.score, a.answered_at
    FROM quiz_answers a
    WHERE (@sellers::bigint[] IS NULL OR a.seller_id = ANY(@sellers))
    ORDER BY a.seller_id, a.question_id, a.answered_at, a.id
)
SELECT q.id AS question_id, q.lesson_id, q.lesson_version, q.position - 1 AS question, q.kind, q.prompt,
       q.options::text AS options, q.correct::text AS correct, coalesce(l.partner_id, '') AS partner_id,
       count(*) AS answers,
       count(*) FILTER (WHERE f.score = 1) AS first_try_correct,
       count(*) FILTER (WHERE f.score > 0 AND f.score < 1) AS partial
FROM first_try f
JOIN quiz_questions q ON q.id = f.question_id
JOIN lessons l ON l.id = q.lesson_id
WHERE f.answered_at >= @from AND f.answered_at < @to
  AND (@partner::text IS NULL OR l.partner_id = @partner)
GROUP BY q.id, l.partner_id
ORDER BY q.lesson_id, q.lesson_version, q.position
