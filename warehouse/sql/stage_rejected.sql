SELECT fichier_id, rejet, count(*) FROM stage WHERE rejet IS NOT NULL GROUP BY ALL
