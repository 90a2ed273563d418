INSERT OR REPLACE INTO meta VALUES ($cle, $valeur)
