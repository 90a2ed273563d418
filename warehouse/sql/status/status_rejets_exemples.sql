-- Rejected lines by reason, with a few examples (file, line, masked raw text).
SELECT r.motif, count(*) AS lignes,
       list(struct_pack(fichier := f.nom, ligne := r.ligne, brut := r.brut) ORDER BY r.fichier_id, r.ligne)[1:3] AS exemples
FROM rejets r JOIN fichiers f USING (fichier_id)
GROUP BY r.motif ORDER BY lignes DESC, r.motif
