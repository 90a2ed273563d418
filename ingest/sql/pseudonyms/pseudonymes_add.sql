-- New fingerprints get the next pids; known ones keep theirs.
INSERT INTO pseudonymes
SELECT (SELECT coalesce(max(pid), 0) FROM pseudonymes) + row_number() OVER (ORDER BY empreinte),
       empreinte
FROM (SELECT DISTINCT empreinte FROM new_idents
      WHERE empreinte NOT IN (SELECT empreinte FROM pseudonymes))
