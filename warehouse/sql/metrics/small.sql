-- Small statements of the figures (metrics.py, rules.py).

-- name: metrics_last_day
SELECT max(jour) FROM activite_jour

-- name: ecoles_list
SELECT uai, nom AS ecole, vague, circonscription, commune, zone, date_ouverture FROM ecoles ORDER BY uai

-- name: services_libelles
-- What people read for each service code: its label, else the code.
SELECT service, coalesce(libelle, service) AS libelle FROM services
