DELETE FROM activations;
INSERT INTO activations
SELECT lower(s.service), s.portee_n,
       CASE s.portee_n WHEN 'ecole' THEN upper(s.cible) WHEN 'classe' THEN s.cible END,
       p.pid,
       CASE WHEN list_contains(s.profils_l, 'tous') THEN ['tous'] ELSE list_sort(list_distinct(s.profils_l)) END,
       lire_date(s.debut), lire_date(s.fin)
FROM ref_stage s
LEFT JOIN ident_pid p ON s.portee_n = 'utilisateur' AND p.ident = lower(s.cible)
WHERE s.motif IS NULL AND NOT s.doublon;
