INSERT INTO ignores VALUES ($fichier_id, $motif, $lignes)
