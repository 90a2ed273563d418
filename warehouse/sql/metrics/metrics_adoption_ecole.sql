-- Adoption per school × profile as of $d (docs/metrics.md): one row per
-- school and profile with at least one account that day.
SELECT c.uai, e.nom AS ecole, e.vague, c.profil,
       count(*) AS comptes,
       count(*) FILTER (WHERE distribue) AS comptes_distribues,
       count(*) FILTER (WHERE active) AS comptes_actives,
       count(*) FILTER (WHERE actif_28j) AS actifs_28j
FROM etat_comptes($d) c LEFT JOIN ecoles e USING (uai)
GROUP BY c.uai, e.nom, e.vague, c.profil
ORDER BY c.uai, c.profil
