SELECT (SELECT count(*) FROM ecoles WHERE date_ouverture <= $d) AS ecoles_ouvertes,
       (SELECT count(*) FROM ecoles) AS ecoles,
       (SELECT count(*) FROM etat_comptes) AS comptes,
       (SELECT count(*) FROM etat_comptes WHERE active) AS comptes_actives,
       (SELECT count(*) FROM etat_comptes WHERE actif_28j) AS actifs_28j
