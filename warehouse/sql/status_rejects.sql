SELECT motif, count(*) AS lignes FROM rejets GROUP BY motif ORDER BY lignes DESC, motif
