-- The W3C traceparent of the request that stored a row, so handling it later continues that request's trace.
ALTER TABLE inbox ADD COLUMN trace_parent text;
