-- Modules of the events loaded from file $depuis on that no service names.
SELECT e.module, count(*) AS evenements
FROM (SELECT module FROM evenements WHERE fichier_id >= $depuis
      UNION ALL SELECT module FROM evenements_en_attente WHERE fichier_id >= $depuis) e
LEFT JOIN modules m ON m.module = lower(e.module)
WHERE e.module IS NOT NULL AND m.service IS NULL
GROUP BY e.module ORDER BY evenements DESC, e.module
