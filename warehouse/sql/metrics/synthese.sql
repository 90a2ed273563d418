-- The review's key figures as of $d.
SELECT (SELECT count(*) FROM ecoles WHERE date_ouverture <= $d) AS ecoles_ouvertes,
       (SELECT count(*) FROM ecoles) AS ecoles,
       count(*) AS comptes,
       count(*) FILTER (WHERE active) AS comptes_actives,
       count(*) FILTER (WHERE actif_28j) AS actifs_28j
FROM etat_comptes($d)
