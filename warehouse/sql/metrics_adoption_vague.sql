-- Adoption per wave × profile; `ecoles` counts the wave's schools with at
-- least one account of that profile that day.
SELECT e.vague, d.profil,
       count(DISTINCT d.uai) AS ecoles,
       count(*) AS comptes,
       count(*) FILTER (WHERE distribue) AS comptes_distribues,
       count(*) FILTER (WHERE active) AS comptes_actives,
       count(*) FILTER (WHERE actif_28j) AS actifs_28j
FROM etat_comptes d JOIN ecoles e USING (uai)
GROUP BY e.vague, d.profil
ORDER BY e.vague NULLS LAST, d.profil
