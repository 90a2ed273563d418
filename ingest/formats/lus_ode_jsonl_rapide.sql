-- ODE JSON lines read by DuckDB's own reader (the fast path), for files
-- whose every line is one object with `date` in epoch milliseconds. Anything
-- else makes the reader fail, or leaves fewer rows than lines, and the file
-- is read again on the exact path. No line numbers here: a file with any
-- reject goes back to the exact path, so none are needed.
SELECT f.fichier_id, NULL::BIGINT AS line_no, NULL::VARCHAR AS raw, true AS encodage_ok, true AS objet,
    r."event-type" AS event_type, r."override-module" AS override_module, r.module, r.userId AS ident, r.ua,
    r.date IS NOT NULL AS date_presente,
    ts_depuis_ms(r.date) AS ts
FROM read_json($chemins, format = 'newline_delimited', filename = 'chemin', maximum_object_size = 16777216,
               columns = {'event-type': 'VARCHAR', 'override-module': 'VARCHAR', 'module': 'VARCHAR',
                          'userId': 'VARCHAR', 'ua': 'VARCHAR', 'date': 'BIGINT'}) r
JOIN (SELECT unnest($chemins) AS chemin, unnest($fichiers) AS fichier_id) f USING (chemin)
