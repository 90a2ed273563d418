INSERT INTO rejets
SELECT $fichier_id, _ligne, motif, coalesce(_brut_sur, masquer(_brut, m.mots))
FROM ref_stage, mots_rejets m WHERE motif IS NOT NULL
