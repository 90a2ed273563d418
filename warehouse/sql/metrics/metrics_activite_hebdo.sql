-- Weekly activity per ISO week × school × profile, for the weeks with at
-- least one login or access, from $debut to $d (days after $d never count).
-- Account-weeks are formed first, so that users are a plain count.
WITH compte_semaine AS (
    SELECT date_trunc('week', jour)::DATE AS semaine, uai, profil, compte,
           bool_or(est_actif(connexions, acces)) AS actif, sum(connexions) AS connexions
    FROM activite_jour
    WHERE jour BETWEEN $debut AND $d AND ($uais::VARCHAR[] IS NULL OR list_contains($uais::VARCHAR[], uai))
    GROUP BY ALL
), par_groupe AS (
    SELECT semaine, uai, profil, count(*) FILTER (WHERE actif) AS utilisateurs_actifs,
           sum(connexions)::BIGINT AS connexions
    FROM compte_semaine GROUP BY ALL
    HAVING count(*) FILTER (WHERE actif) > 0
)
SELECT g.semaine, g.uai, g.profil, g.utilisateurs_actifs, g.connexions,
       coalesce(s.scolaire, true) AS semaine_scolaire
FROM par_groupe g
LEFT JOIN ecoles e USING (uai)
LEFT JOIN semaines_calendrier s ON s.zone = zone_ecole(e.zone) AND s.semaine = g.semaine
ORDER BY 1, 2, 3
