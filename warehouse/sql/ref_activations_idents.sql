SELECT DISTINCT lower(cible) AS ident FROM ref_stage
WHERE motif IS NULL AND NOT doublon AND portee_n = 'utilisateur'
