-- A wave whose new row is rejected keeps its previous one.
DELETE FROM vagues WHERE vague NOT IN (
    SELECT cle FROM ref_stage WHERE motif IS NOT NULL AND cle IS NOT NULL
    EXCEPT SELECT cle FROM ref_stage WHERE motif IS NULL AND NOT doublon);
INSERT INTO vagues
SELECT vague, libelle, annee_scolaire, lire_date(ouverture_prevue), coalesce(lire_booleen(pilote), false),
       row_number() OVER (ORDER BY _ligne)
FROM ref_stage WHERE motif IS NULL AND NOT doublon;
