-- Lesson cards: the up to three key points an author writes for the card's first screen, in the author's order.
ALTER TABLE lesson_versions ADD COLUMN key_points jsonb NOT NULL DEFAULT '[]';
