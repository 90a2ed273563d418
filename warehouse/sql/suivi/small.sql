-- Small statements of the support journal (SQLite, warehouse/suivi.py).

-- name: suivi_ajout
INSERT OR IGNORE INTO interventions (date, uai, type, intervenant, note, referent, statut, saisi_le, source)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)

-- name: suivi_rejet
INSERT OR IGNORE INTO rejets (fichier, ligne, motif, brut) VALUES (?, ?, ?, ?)
