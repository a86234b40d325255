-- Which instance claimed a row, so another instance can tell whether the claim's owner is still alive (it holds a
-- session-level advisory lock on its id) and take the row over at once instead of waiting out the lease.
ALTER TABLE inbox ADD COLUMN claimed_by integer;
