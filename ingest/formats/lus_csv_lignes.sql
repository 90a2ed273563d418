-- A CSV log read from a block of numbered lines (the exact path): each line
-- split into its fields ($sep), quotes understood. Empty fields after the
-- last column (a line ending with the separator) carry nothing and are
-- dropped, as DuckDB's reader drops them on the fast path.
SELECT fichier_id, line_no, line AS raw, encodage_ok, sans_vides_en_trop(champs_csv(line, $sep), $ncols) AS champs
FROM block
