-- Events by month and kind (counted per month and kind first, then pivoted).
WITH n AS (SELECT date_trunc('month', jour) AS mois, type, count(*) AS n FROM evenements GROUP BY ALL)
SELECT strftime(mois, '%Y-%m') AS mois,
       coalesce(sum(n) FILTER (WHERE type = 'login'), 0)::BIGINT AS login,
       coalesce(sum(n) FILTER (WHERE type = 'access'), 0)::BIGINT AS access,
       coalesce(sum(n) FILTER (WHERE type = 'activation'), 0)::BIGINT AS activation,
       coalesce(sum(n) FILTER (WHERE type = 'login_failed'), 0)::BIGINT AS login_failed,
       sum(n)::BIGINT AS total
FROM n GROUP BY mois ORDER BY mois
