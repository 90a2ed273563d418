-- Events by month and kind (from the monthly rollup, pivoted).
SELECT strftime(mois, '%Y-%m') AS mois,
       coalesce(sum(n) FILTER (WHERE type = 'login'), 0)::BIGINT AS login,
       coalesce(sum(n) FILTER (WHERE type = 'access'), 0)::BIGINT AS access,
       coalesce(sum(n) FILTER (WHERE type = 'activation'), 0)::BIGINT AS activation,
       coalesce(sum(n) FILTER (WHERE type = 'login_failed'), 0)::BIGINT AS login_failed,
       sum(n)::BIGINT AS total
FROM evenements_mois GROUP BY mois ORDER BY mois
