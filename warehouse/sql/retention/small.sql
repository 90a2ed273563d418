-- Small statements of the retention purge (warehouse/retention.py).

-- name: gel_limite_actuelle
-- The last frozen Sunday (NULL: nothing frozen yet).
SELECT gel_limite()

-- name: gel_jour
-- The frozen Sunday the figures as of $d are read from (NULL: read live).
SELECT jour_fige($d::DATE)

-- name: gel_etendue_donnees
-- The first and last days with per-account activity.
SELECT min(jour), max(jour) FROM activite_jour

-- name: gel_motifs_au
-- The support rules as frozen on the Sunday $d (rules_flags' columns and order).
SELECT uai, motif, detail, valeur, seuil FROM gel_motifs WHERE dimanche = $d ORDER BY 1, 2, 3

-- name: gel_adoption_figer
INSERT INTO gel_adoption SELECT $d::DATE, * FROM adoption_ecole($d::DATE)

-- name: gel_usage_services_figer
INSERT INTO gel_usage_services SELECT $d::DATE, * FROM usage_services_28j($d::DATE)

-- name: gel_usage_groupes_figer
INSERT INTO gel_usage_groupes SELECT $d::DATE, * FROM usage_groupes_28j($d::DATE)

-- name: gel_activite_semaine_figer
-- The weeks after the last frozen Sunday up to $fin (a Sunday), before they are marked frozen.
INSERT INTO gel_activite_semaine
SELECT * FROM activite_ecole_semaine(coalesce(gel_limite() + 1, DATE '0001-01-01'), $fin::DATE)
WHERE semaine > coalesce(gel_limite(), DATE '0001-01-01')

-- name: gel_dimanches_marquer
-- Mark the Sundays after the last frozen one up to $fin frozen: readers take them from the frozen rows from now on.
INSERT INTO gel_dimanches
SELECT unnest(generate_series($premier::DATE, $fin::DATE, INTERVAL 7 DAY))::DATE

-- name: purge_compter
-- What a purge with cut-off $coupure deletes: events, events waiting for an account, rows of the per-account
-- rollups, raw texts of the rejected lines of files read before it.
SELECT (SELECT count(*) FROM evenements WHERE jour < $coupure) AS evenements,
       (SELECT count(*) FROM evenements_en_attente WHERE jour < $coupure) AS en_attente,
       (SELECT count(*) FROM activite_jour WHERE jour < $coupure)
         + (SELECT count(*) FROM acces_service_jour WHERE jour < $coupure)
         + (SELECT count(*) FROM activite_semaine WHERE semaine < $coupure) AS jours_comptes,
       (SELECT count(*) FROM rejets WHERE brut IS NOT NULL
          AND fichier_id IN (SELECT fichier_id FROM fichiers WHERE charge_le < $coupure)) AS textes_rejets

-- name: purge_effacer
DELETE FROM evenements WHERE jour < $coupure;
DELETE FROM evenements_en_attente WHERE jour < $coupure;
DELETE FROM activite_jour WHERE jour < $coupure;
DELETE FROM acces_service_jour WHERE jour < $coupure;
-- A week that began before the cut-off holds some of its days.
DELETE FROM activite_semaine WHERE semaine < $coupure;
UPDATE rejets SET brut = NULL
WHERE brut IS NOT NULL AND fichier_id IN (SELECT fichier_id FROM fichiers WHERE charge_le < $coupure);

-- name: purge_noter
-- The span of days with data is the widest any purge saw (readers' first and last days).
INSERT INTO purges VALUES (
    now()::TIMESTAMP, $coupure, gel_limite(),
    least($premier_jour::DATE, (SELECT min(premier_jour) FROM purges)),
    greatest($dernier_jour::DATE, (SELECT max(dernier_jour) FROM purges)),
    $evenements, $en_attente, $jours_comptes, $textes_rejets)

-- name: purges_liste
SELECT purge_le, coupure, gel_jusqu_au, evenements, en_attente, jours_comptes, textes_rejets
FROM purges ORDER BY purge_le
