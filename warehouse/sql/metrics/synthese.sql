-- The review's key figures as of $d.
SELECT (SELECT count(*) FROM ecoles WHERE date_ouverture <= $d) AS ecoles_ouvertes,
       (SELECT count(*) FROM ecoles) AS ecoles,
       coalesce(sum(comptes), 0)::BIGINT AS comptes,
       coalesce(sum(comptes_actives), 0)::BIGINT AS comptes_actives,
       coalesce(sum(actifs_28j), 0)::BIGINT AS actifs_28j
FROM adoption_ecole($d)
