-- Of rows of the batch sharing a key, only one stays new: the first file's,
-- then the one whose stored content comes first (device class, time to the
-- microsecond, module as written: copies of an event can differ there), and
-- only then the first line. Content before line, because the fast path has
-- no line numbers: the same file must give the same row whichever way it
-- was read, and the choice must never depend on the order DuckDB read the
-- rows in (rang only separates copies identical in all they store).
UPDATE valides SET nouveau = false
WHERE cle IN (SELECT cle FROM cles_doubles)
  AND rang NOT IN (
      SELECT arg_min(rang, {'f': fichier_id, 'a': coalesce(appareil, ''), 't': ts, 'm': coalesce(module, ''),
                            'l': coalesce(line_no, 0), 'r': rang})
      FROM valides
      WHERE cle IN (SELECT cle FROM cles_doubles)
      GROUP BY cle
  )
