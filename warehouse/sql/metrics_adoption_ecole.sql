-- Adoption per school × profile on the day of `etat_comptes` (docs/metrics.md):
-- one row per school and profile with at least one account that day.
SELECT d.uai, e.nom AS ecole, e.vague, d.profil,
       count(*) AS comptes,
       count(*) FILTER (WHERE distribue) AS comptes_distribues,
       count(*) FILTER (WHERE active) AS comptes_actives,
       count(*) FILTER (WHERE actif_28j) AS actifs_28j
FROM etat_comptes d LEFT JOIN ecoles e USING (uai)
GROUP BY d.uai, e.nom, e.vague, d.profil
ORDER BY d.uai, d.profil
