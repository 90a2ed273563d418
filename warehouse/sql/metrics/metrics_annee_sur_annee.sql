-- Weekly active users by profile (summed over schools: activite_ecole_semaine)
-- for each week of the school year of $d and of the one before, by week of the
-- school year (0 = the week of 1 September), so the same school week of both
-- years sit side by side.
WITH semaines AS (
    SELECT semaine, profil, sum(utilisateurs_actifs) AS utilisateurs_actifs
    FROM activite_ecole_semaine($debut_precedente, $d)
    GROUP BY ALL
), annees AS (
    SELECT *, CASE WHEN semaine >= date_trunc('week', $debut::DATE)::DATE THEN 'cette année' ELSE 'année précédente' END AS annee,
           CASE WHEN semaine >= date_trunc('week', $debut::DATE)::DATE
                THEN (semaine - date_trunc('week', $debut::DATE)::DATE) // 7
                ELSE (semaine - date_trunc('week', $debut_precedente::DATE)::DATE) // 7 END AS semaine_annee
    FROM semaines
)
SELECT annee, semaine_annee::INTEGER AS semaine_annee, min(semaine) AS semaine, profil,
       sum(utilisateurs_actifs)::BIGINT AS utilisateurs_actifs
FROM annees GROUP BY annee, semaine_annee, profil
ORDER BY profil, semaine_annee, annee
