SELECT ignore AS motif, count(*) AS lignes FROM stage WHERE ignore IS NOT NULL AND rejet IS NULL GROUP BY ALL
