INSERT INTO rejets
SELECT fichier_id, line_no, rejet, masquer(raw, m.mots)
FROM stage, mots_rejets m WHERE rejet IS NOT NULL
