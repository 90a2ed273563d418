-- A log file with this content already loaded, under any name.
SELECT nom, charge_le, lignes, enregistrements FROM fichiers
WHERE sha256 = $sha256 AND type IN ('ode-jsonl', 'ode-pg-csv', 'cas', 'csv', 'inconnu')
ORDER BY fichier_id LIMIT 1
