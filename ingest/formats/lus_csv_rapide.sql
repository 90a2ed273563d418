-- A CSV log read by DuckDB's own reader (the fast path): UTF-8, one header
-- line, exactly $ncols fields on every line ($colonnes names them c1, c2...).
-- A file that breaks this makes the reader fail or leaves fewer rows than
-- lines, and is read again on the exact path, which says which line is wrong.
SELECT f.fichier_id, NULL::BIGINT AS line_no, NULL::VARCHAR AS raw, true AS encodage_ok,
       list_value(*COLUMNS('^c[0-9]+$')) AS champs
FROM read_csv($chemins, header = true, auto_detect = false, columns = $colonnes, delim = $sep,
              quote = '"', escape = '"', strict_mode = true, null_padding = false, filename = 'chemin') r
JOIN (SELECT unnest($chemins) AS chemin, unnest($fichiers) AS fichier_id) f USING (chemin)
