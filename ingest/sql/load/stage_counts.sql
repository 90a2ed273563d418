-- Per file of the batch: records, loadable ones, rejected ones.
SELECT fichier_id, count(*) AS enregistrements,
       count(*) FILTER (WHERE rejet IS NULL AND ignore IS NULL) AS valides,
       count(*) FILTER (WHERE rejet IS NOT NULL) AS rejetes
FROM stage GROUP BY fichier_id
