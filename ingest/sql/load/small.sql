-- Small statements of a log load (load.py).

-- name: stage_idents
-- Identifiers of the loadable rows of a block, to be pseudonymised.
SELECT DISTINCT ident FROM stage WHERE rejet IS NULL AND ignore IS NULL AND ident IS NOT NULL

-- name: coupure_conservation
-- The first day whose traces a retention purge kept (NULL before any purge).
SELECT max(coupure) FROM purges

-- name: stage_avant_coupure
-- Events of days a retention purge already deleted are not kept again: counted as skipped, with why.
UPDATE stage SET ignore = 'antérieur à la durée de conservation'
WHERE rejet IS NULL AND ignore IS NULL AND ts < timezone('Europe/Paris', $coupure::DATE::TIMESTAMP)

-- name: stage_ignored
SELECT fichier_id, ignore, count(*) FROM stage WHERE ignore IS NOT NULL AND rejet IS NULL GROUP BY ALL

-- name: stage_rejected
SELECT fichier_id, rejet, count(*) FROM stage WHERE rejet IS NOT NULL GROUP BY ALL

-- name: valides_jours
-- The Paris days of the events this batch added to `evenements` (their rollups are now stale).
SELECT min(jour), max(jour) FROM valides WHERE nouveau AND compte IS NOT NULL

-- name: rejet_insert
INSERT INTO rejets SELECT $fichier_id, $ligne, $motif, masquer($brut, m.mots) FROM mots_rejets m
