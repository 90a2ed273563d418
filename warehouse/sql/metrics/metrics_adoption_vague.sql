-- Adoption per wave × profile as of $d; `ecoles` counts the wave's schools
-- with at least one account of that profile that day.
SELECT e.vague, a.profil,
       count(DISTINCT a.uai) AS ecoles,
       sum(a.comptes)::BIGINT AS comptes,
       sum(a.comptes_distribues)::BIGINT AS comptes_distribues,
       sum(a.comptes_actives)::BIGINT AS comptes_actives,
       sum(a.actifs_28j)::BIGINT AS actifs_28j
FROM adoption_ecole($d) a JOIN ecoles e USING (uai)
GROUP BY e.vague, a.profil
ORDER BY e.vague NULLS LAST, a.profil
