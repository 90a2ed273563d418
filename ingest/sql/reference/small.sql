-- Small statements of a reference load (reference.py).

-- name: ref_activations_idents
SELECT DISTINCT lower(cible) AS ident FROM ref_stage
WHERE motif IS NULL AND NOT doublon AND portee_n = 'utilisateur'

-- name: ref_counts
SELECT count(*) FILTER (WHERE motif IS NULL AND NOT doublon) AS charges,
       count(*) FILTER (WHERE doublon) AS doublons
FROM ref_stage

-- name: ref_reject_all
-- A file rejected whole may be of another kind (accounts saved as schools):
-- none of its text is trusted.
UPDATE ref_checked SET rejet = $motif, _brut_sur = NULL

-- name: ref_rejected
SELECT motif, count(*) FROM ref_stage WHERE motif IS NOT NULL GROUP BY ALL

-- name: ref_rejets_insert
INSERT INTO rejets
SELECT $fichier_id, _ligne, motif, coalesce(_brut_sur, masquer(_brut, m.mots))
FROM ref_stage, mots_rejets m WHERE motif IS NOT NULL

-- name: comptes_sans_ecole
SELECT count(DISTINCT compte) FROM comptes
WHERE valide_jusqu_au IS NULL AND (SELECT count(*) FROM ecoles) > 0 AND uai NOT IN (SELECT uai FROM ecoles)

-- name: territoire_replace
DELETE FROM territoire;
INSERT INTO territoire VALUES ($document::JSON, now()::TIMESTAMP);
