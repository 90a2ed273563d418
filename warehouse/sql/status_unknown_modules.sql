-- Modules in events that no service of services.csv names.
SELECT e.module, count(*) AS evenements
FROM evenements e LEFT JOIN modules m ON m.module = lower(e.module)
WHERE e.module IS NOT NULL AND m.service IS NULL
GROUP BY e.module ORDER BY evenements DESC
