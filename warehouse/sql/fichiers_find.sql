SELECT nom, charge_le, lignes, enregistrements FROM fichiers
WHERE sha256 = $sha256 AND type = $type
ORDER BY fichier_id LIMIT 1
