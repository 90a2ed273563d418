-- A file no format can read (unrecognised, or missing columns): every
-- non-blank line is kept as a reject with the file-level reason.
CREATE OR REPLACE TEMP TABLE stage AS
SELECT fichier_id, line_no, line AS raw,
       NULL::TIMESTAMPTZ AS ts, NULL::VARCHAR AS type, NULL::VARCHAR AS module,
       NULL::VARCHAR AS ident, NULL::VARCHAR AS ident_brut, NULL::VARCHAR AS ua, NULL::VARCHAR AS indice,
       CASE WHEN NOT encodage_ok OR NOT vide(line) THEN $motif END AS rejet,
       CASE WHEN encodage_ok AND vide(line) THEN 'ligne vide' END AS ignore
FROM block
