-- Signed requests already accepted, so the exact same request replayed within the signature window is not run again.
-- Rows outlive the window by a margin and are then deleted.
CREATE TABLE seen_signatures (
    signature  text PRIMARY KEY,
    seen_at    timestamptz NOT NULL
);
CREATE INDEX seen_signatures_seen_at ON seen_signatures (seen_at);

-- The sender's own ordering of webhook items (meetings by uid, opportunities by id): the updated_at last applied, and
-- whether that was a delete (a tombstone), so an older upsert can neither overwrite a newer state nor bring a deleted item back.
CREATE TABLE webhook_item_versions (
    item_kind    text NOT NULL CHECK (item_kind IN ('meeting', 'opportunity')),
    source       text NOT NULL,
    external_id  text NOT NULL,
    updated_at   timestamptz,
    deleted      boolean NOT NULL,
    PRIMARY KEY (item_kind, source, external_id)
);
