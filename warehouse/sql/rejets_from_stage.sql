INSERT INTO rejets
SELECT fichier_id, line_no, rejet, masquer(raw, ident_brut, ua)
FROM stage WHERE rejet IS NOT NULL
