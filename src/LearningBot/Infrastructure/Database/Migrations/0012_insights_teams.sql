-- Insights: who a seller reports to, from the roster (optional). A manager's team is everyone reporting to them, directly
-- or not; the manager need not be a seller themselves.
ALTER TABLE sellers ADD COLUMN manager_email text CHECK (manager_email = lower(manager_email));

CREATE INDEX sellers_manager ON sellers (manager_email) WHERE manager_email IS NOT NULL;

-- Insights reads answers per question and deliveries per meeting over a date range.
CREATE INDEX quiz_answers_question ON quiz_answers (question_id, answered_at);
CREATE INDEX deliveries_sent ON deliveries (sent_at) WHERE sent_at IS NOT NULL;

-- Every (seller, manager) pair along the reporting chain; a cycle in the roster stops at the first repeat.
CREATE VIEW seller_managers AS
WITH RECURSIVE chain (seller_id, manager_email, depth, seen) AS (
    SELECT s.id, s.manager_email, 1, ARRAY[s.email]
    FROM sellers s
    WHERE s.manager_email IS NOT NULL
    UNION ALL
    SELECT c.seller_id, m.manager_email, c.depth + 1, c.seen || m.email
    FROM chain c
    JOIN sellers m ON m.email = c.manager_email
    WHERE m.manager_email IS NOT NULL AND NOT m.manager_email = ANY(c.seen) AND c.depth < 50
)
SELECT seller_id, manager_email, depth FROM chain;
