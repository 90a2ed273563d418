SELECT rejet, count(*) FROM stage WHERE rejet IS NOT NULL GROUP BY ALL
