SELECT lower(id) FROM ref_stage WHERE motif IS NULL AND NOT doublon
UNION
SELECT lower(login) FROM ref_stage WHERE motif IS NULL AND NOT doublon AND login IS NOT NULL
