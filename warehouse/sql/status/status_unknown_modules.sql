-- Modules in events that no service of services.csv names (from the
-- monthly rollup: a handful of module names, however many events).
WITH par_module AS (SELECT module, sum(n)::BIGINT AS evenements FROM evenements_mois WHERE module IS NOT NULL GROUP BY module)
SELECT p.module, p.evenements
FROM par_module p LEFT JOIN modules m ON m.module = lower(p.module)
WHERE m.service IS NULL
ORDER BY p.evenements DESC, p.module
