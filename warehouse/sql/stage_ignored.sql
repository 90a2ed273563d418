SELECT fichier_id, ignore, count(*) FROM stage WHERE ignore IS NOT NULL AND rejet IS NULL GROUP BY ALL
