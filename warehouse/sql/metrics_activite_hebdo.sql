-- Weekly activity per ISO week × school × profile, for the weeks with at
-- least one login or access, from $debut to $d (days after $d never count).
-- A school week has at least two school days in the school's zone.
WITH semaines AS (
    SELECT zone, date_trunc('week', jour)::DATE AS semaine, count(*) FILTER (WHERE jour_scolaire) >= 2 AS semaine_scolaire
    FROM calendrier GROUP BY ALL
)
SELECT date_trunc('week', a.jour)::DATE AS semaine, a.uai, a.profil,
       count(DISTINCT a.compte) FILTER (WHERE a.connexions + a.acces > 0) AS utilisateurs_actifs,
       sum(a.connexions)::BIGINT AS connexions,
       coalesce(any_value(s.semaine_scolaire), true) AS semaine_scolaire
FROM activite_jour a
LEFT JOIN ecoles e USING (uai)
LEFT JOIN semaines s ON s.zone = e.zone AND s.semaine = date_trunc('week', a.jour)::DATE
WHERE a.jour BETWEEN $debut AND $d
GROUP BY 1, 2, 3
HAVING count(*) FILTER (WHERE a.connexions + a.acces > 0) > 0
ORDER BY 1, 2, 3
