-- The days the stored calendar covers (NULLs when it is empty).
SELECT min(jour), max(jour) FROM calendrier
