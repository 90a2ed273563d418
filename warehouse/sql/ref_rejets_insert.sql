INSERT INTO rejets
SELECT $fichier_id, _ligne, motif, masquer(_brut_sur, NULL, NULL)
FROM ref_stage WHERE motif IS NOT NULL
