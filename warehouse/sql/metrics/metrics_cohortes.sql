-- Cohort curves: per wave, profile and week since opening, the activation
-- rate and the weekly usage rate (weekly active users / distributed
-- accounts) over the wave's schools ($uais: only those, when given), weeks up to $d only.
SELECT c.vague, coalesce(v.pilote, false) AS pilote, c.profil, c.semaines_depuis_ouverture,
       count(DISTINCT c.uai) AS ecoles,
       sum(c.comptes_distribues)::BIGINT AS comptes_distribues,
       sum(c.comptes_actives)::BIGINT AS comptes_actives,
       sum(c.actifs_semaine)::BIGINT AS actifs_semaine
FROM cohorte_ecole_semaine c LEFT JOIN vagues v USING (vague)
WHERE c.semaine <= $d AND ($uais IS NULL OR list_contains($uais, c.uai))
GROUP BY ALL
ORDER BY c.vague, c.profil, c.semaines_depuis_ouverture
