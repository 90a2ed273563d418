-- Weekly activity per ISO week × school × profile (activite_ecole_semaine),
-- for the weeks with at least one login or access, from the week of $debut
-- to $d (days after $d never count); over the schools $uais when given.
SELECT g.semaine, g.uai, g.profil, g.utilisateurs_actifs, g.connexions,
       coalesce(s.scolaire, true) AS semaine_scolaire
FROM activite_ecole_semaine($debut, $d) g
LEFT JOIN ecoles e USING (uai)
LEFT JOIN semaines_calendrier s ON s.zone = zone_ecole(e.zone) AND s.semaine = g.semaine
WHERE $uais::VARCHAR[] IS NULL OR list_contains($uais::VARCHAR[], g.uai)
ORDER BY 1, 2, 3
