-- Adoption per school × profile as of $d (docs/metrics.md): one row per
-- school and profile with at least one account that day.
SELECT a.uai, e.nom AS ecole, e.vague, a.profil, a.comptes, a.comptes_distribues, a.comptes_actives, a.actifs_28j
FROM adoption_ecole($d) a LEFT JOIN ecoles e USING (uai)
ORDER BY a.uai, a.profil
