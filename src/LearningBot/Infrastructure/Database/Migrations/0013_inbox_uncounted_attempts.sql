-- Attempts that do not count against Inbox:MaxAttempts: those that failed because Slack was down or busy, and those made
-- before an operator re-drove a failed row. attempts itself keeps counting every try, so a handler can still tell a retry.
ALTER TABLE inbox ADD COLUMN uncounted_attempts integer NOT NULL DEFAULT 0;

-- /readyz counts the failed rows on every probe; done rows, kept for days, outnumber them by far.
CREATE INDEX inbox_failed ON inbox (id) WHERE status = 'failed';
