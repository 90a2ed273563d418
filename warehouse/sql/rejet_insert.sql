INSERT INTO rejets VALUES ($fichier_id, $ligne, $motif, $brut)
