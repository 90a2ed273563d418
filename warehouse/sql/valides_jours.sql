-- The Paris days of the events this batch added to `evenements` (their rollups are now stale).
SELECT min(jour), max(jour) FROM valides WHERE nouveau AND compte IS NOT NULL
