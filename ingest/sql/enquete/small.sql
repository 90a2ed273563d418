-- Small statements of a survey load (ingest/enquete.py).

-- name: enquete_counts
SELECT count(*) FILTER (WHERE motif IS NULL AND NOT doublon), count(*) FILTER (WHERE doublon) FROM enquete_stage

-- name: enquete_rejected
SELECT motif, count(*) FROM enquete_stage WHERE motif IS NOT NULL GROUP BY ALL

-- name: enquete_rejets_insert
-- Free text in a rejected row is masked word by word, like any rejected line.
INSERT INTO rejets
SELECT $fichier_id, _ligne, motif, masquer(_brut, m.mots)
FROM enquete_stage, mots_rejets m WHERE motif IS NOT NULL

-- name: enquete_insert
INSERT INTO enquete_notes
SELECT $campagne, s.reponse, v.question,
       CASE WHEN lire_entier(v.valeur) BETWEEN 1 AND $echelle THEN lire_entier(v.valeur) END
FROM enquete_stage s JOIN enquete_valeurs v USING (_ligne)
WHERE s.motif IS NULL AND NOT s.doublon;
INSERT INTO enquete_reponses
SELECT $campagne, reponse, uai_n, profil_n, coalesce(lire_date(jour), $jour_chargement::DATE), $fichier_id
FROM enquete_stage WHERE motif IS NULL AND NOT doublon;

-- name: enquete_campagne_replace
DELETE FROM enquete_campagnes WHERE campagne = $campagne;
INSERT INTO enquete_campagnes VALUES ($campagne, $echelle, $questions);

-- name: enquete_reject_all
-- A file without the mapped columns is rejected whole.
UPDATE enquete_stage SET motif = $motif, doublon = false
