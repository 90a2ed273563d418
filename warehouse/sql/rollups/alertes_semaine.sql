-- The alert history's rows of the week of $lundi: the support rules as of
-- its Sunday $d (`regles`: rules_flags, put in front by alerts.py), for the
-- schools whose zone has a school week then: exactly what the support list
-- gives as of that Sunday.
SELECT $lundi::DATE AS semaine, r.uai, r.motif, r.detail, r.valeur, r.seuil
FROM regles r
JOIN ecoles e USING (uai)
JOIN semaines_calendrier s ON s.zone = zone_ecole(e.zone) AND s.semaine = $lundi::DATE AND s.scolaire
