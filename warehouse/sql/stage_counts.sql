SELECT count(*) AS enregistrements,
       count(*) FILTER (WHERE rejet IS NULL AND ignore IS NULL) AS valides,
       count(*) FILTER (WHERE rejet IS NOT NULL) AS rejetes
FROM stage
