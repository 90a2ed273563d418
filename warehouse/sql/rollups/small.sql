-- Small statements of the rollups' refresh (rollups.py).

-- name: calendrier_bounds
-- The days the stored calendar covers (NULLs when it is empty).
SELECT min(jour), max(jour) FROM calendrier
