-- Adoption per wave × profile as of $d; `ecoles` counts the wave's schools
-- with at least one account of that profile that day.
SELECT e.vague, c.profil,
       count(DISTINCT c.uai) AS ecoles,
       count(*) AS comptes,
       count(*) FILTER (WHERE distribue) AS comptes_distribues,
       count(*) FILTER (WHERE active) AS comptes_actives,
       count(*) FILTER (WHERE actif_28j) AS actifs_28j
FROM etat_comptes($d) c JOIN ecoles e USING (uai)
GROUP BY e.vague, c.profil
ORDER BY e.vague NULLS LAST, c.profil
