-- Per file: new resolved events, new waiting events, duplicates.
SELECT fichier_id,
       count(*) FILTER (WHERE nouveau AND compte IS NOT NULL),
       count(*) FILTER (WHERE nouveau AND compte IS NULL),
       count(*) FILTER (WHERE NOT nouveau)
FROM valides GROUP BY fichier_id
