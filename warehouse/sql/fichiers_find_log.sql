-- An earlier load of this very content in this format that read it (not one
-- that rejected the whole file: that one may be retried).
SELECT nom, charge_le, lignes, enregistrements, charges, doublons, rejetes, ignores FROM fichiers
WHERE sha256 = $sha256 AND type = $type AND NOT (charges + doublons = 0 AND rejetes > 0)
ORDER BY fichier_id LIMIT 1
