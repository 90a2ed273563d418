-- Small statements of the support journal (SQLite, warehouse/suivi.py).

-- name: suivi_ajout
INSERT OR IGNORE INTO interventions (date, uai, type, intervenant, note, referent, statut, saisi_le, source)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)

-- name: suivi_rejet
INSERT OR IGNORE INTO rejets (fichier, ligne, motif, brut) VALUES (?, ?, ?, ?)

-- name: suivi_liste
SELECT date, uai, type, intervenant, note, referent, statut FROM interventions ORDER BY date DESC, id DESC

-- name: suivi_referents
SELECT uai, referent FROM (
    SELECT uai, referent, row_number() OVER (PARTITION BY uai ORDER BY date DESC, id DESC) AS rang
    FROM interventions WHERE referent <> ''
) WHERE rang = 1

-- name: suivi_version
SELECT count(*), coalesce(max(id), 0) FROM interventions
