-- Weekly active users by profile for each week of the school year of $d and
-- of the one before, by week of the school year (0 = the week of 1 September),
-- so the same school week of both years sit side by side.
-- (Distinct account-weeks first, then plain counts: cheaper than count(DISTINCT).)
WITH semaines AS (
    SELECT DISTINCT date_trunc('week', jour)::DATE AS semaine, compte, profil
    FROM activite_jour
    WHERE jour BETWEEN $debut_precedente AND $d AND est_actif(connexions, acces)
), annees AS (
    SELECT *, CASE WHEN semaine >= date_trunc('week', $debut::DATE)::DATE THEN 'cette année' ELSE 'année précédente' END AS annee,
           CASE WHEN semaine >= date_trunc('week', $debut::DATE)::DATE
                THEN (semaine - date_trunc('week', $debut::DATE)::DATE) // 7
                ELSE (semaine - date_trunc('week', $debut_precedente::DATE)::DATE) // 7 END AS semaine_annee
    FROM semaines
)
SELECT annee, semaine_annee::INTEGER AS semaine_annee, min(semaine) AS semaine, profil,
       count(*) AS utilisateurs_actifs
FROM annees GROUP BY annee, semaine_annee, profil
ORDER BY profil, semaine_annee, annee
