SELECT motif, count(*) FROM ref_stage WHERE motif IS NOT NULL GROUP BY ALL
