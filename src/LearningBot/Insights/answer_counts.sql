-- How often each option key was chosen on first tries in the range, per question and slot (a match has one slot per left item).
WITH first_try AS (
    SELECT DISTINCT ON (a.seller_id, a.question_id) a.seller_id, a.question_id, a.answer, a.answered_at
    FROM quiz_answers a
    WHERE (@sellers::bigint[] IS NULL OR a.seller_id = ANY(@sellers))
    ORDER BY a.seller_id, a.question_id, a.answered_at, a.id
)
SELECT f.question_id, (k.slot - 1)::int AS slot, k.key, count(*) AS chosen
FROM first_try f
JOIN quiz_questions q ON q.id = f.question_id
JOIN lessons l ON l.id = q.lesson_id
CROSS JOIN LATERAL jsonb_array_elements_text(f.answer) WITH ORDINALITY AS k(key, slot)
WHERE f.answered_at >= @from AND f.answered_at < @to
  AND (@partner::text IS NULL OR l.partner_id = @partner)
GROUP BY 1, 2, 3
ORDER BY 1, 2, 3
