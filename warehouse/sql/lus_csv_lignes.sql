-- A CSV log read from a block of numbered lines (the exact path): each line
-- split into its fields ($sep), quotes understood.
SELECT fichier_id, line_no, line AS raw, encodage_ok, champs_csv(line, $sep) AS champs
FROM block
