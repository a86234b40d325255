-- Why lessons were skipped, grouped: the blocker after "skipped:", without the meeting's day and time.
SELECT d.lesson_id,
       regexp_replace(coalesce(substring(d.reason FROM 'skipped(?: at send time)?: (.*)$'), d.reason),
                      ' at (Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d\d:\d\d', '', 'g') AS reason,
       count(*) AS skipped
FROM deliveries d
JOIN lessons l ON l.id = d.lesson_id
WHERE d.kind = 'lesson' AND d.status = @skipped
  AND d.due_at >= @from AND d.due_at < @to
  AND (@partner::text IS NULL OR l.partner_id = @partner)
  AND (@sellers::bigint[] IS NULL OR d.seller_id = ANY(@sellers))
GROUP BY 1, 2
ORDER BY 1, 3 DESC, 2
