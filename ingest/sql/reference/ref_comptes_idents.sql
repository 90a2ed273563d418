-- Ids of every row, rejected ones too: an account whose row is rejected is
-- still in the export and must not be closed.
SELECT lower(id) AS ident FROM ref_stage WHERE id IS NOT NULL
UNION
SELECT lower(login) FROM ref_stage WHERE motif IS NULL AND NOT doublon AND login IS NOT NULL
