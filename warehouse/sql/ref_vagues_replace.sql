DELETE FROM vagues;
INSERT INTO vagues
SELECT vague, libelle, annee_scolaire, lire_date(ouverture_prevue), coalesce(lire_booleen(pilote), false),
       row_number() OVER (ORDER BY _ligne)
FROM ref_stage WHERE motif IS NULL AND NOT doublon;
