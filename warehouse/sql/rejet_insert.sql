INSERT INTO rejets SELECT $fichier_id, $ligne, $motif, masquer($brut, m.mots) FROM mots_rejets m
