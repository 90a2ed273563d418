-- Resolved events not seen before. The day range lets DuckDB skip row groups
-- of other days (the key includes the time, so equal keys share the day).
INSERT INTO evenements
SELECT cle, ts, jour, heure, type, module, compte, appareil, $fichier_id
FROM valides v
WHERE compte IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM evenements e
                  WHERE e.jour BETWEEN $jour_min AND $jour_max AND e.cle = v.cle)
QUALIFY row_number() OVER (PARTITION BY cle ORDER BY line_no) = 1
