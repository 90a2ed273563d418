-- Of rows of the batch sharing a key, only one stays new: the first file's,
-- then the first line's (the fast path has no line numbers), then the first
-- device class's, so that the choice never depends on the order DuckDB read
-- the rows in.
UPDATE valides SET nouveau = false
WHERE cle IN (SELECT cle FROM cles_doubles)
  AND rang NOT IN (
      SELECT arg_min(rang, {'f': fichier_id, 'l': coalesce(line_no, 0), 'a': coalesce(appareil, ''), 'r': rang})
      FROM valides
      WHERE cle IN (SELECT cle FROM cles_doubles)
      GROUP BY cle
  )
