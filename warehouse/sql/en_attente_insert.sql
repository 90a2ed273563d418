-- Events of people with no account yet, kept until an account export names them.
INSERT INTO evenements_en_attente
SELECT cle, ts, jour, heure, type, module, ident_pid, appareil, $fichier_id
FROM valides v
WHERE compte IS NULL
  AND NOT EXISTS (SELECT 1 FROM evenements_en_attente e
                  WHERE e.jour BETWEEN $jour_min AND $jour_max AND e.cle = v.cle)
QUALIFY row_number() OVER (PARTITION BY cle ORDER BY line_no) = 1
