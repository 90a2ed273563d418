-- Per month, in the last school week of the main zone ending in it (and by
-- $d): the schools flagged in the alert history, and the schools open then;
-- over the schools $uais when given. Months before the first opening are left out.
WITH semaines AS (
    SELECT date_trunc('month', semaine + 6)::DATE AS mois, max(semaine) AS semaine
    FROM semaines_calendrier
    WHERE zone = zone_principale() AND scolaire AND semaine + 6 <= $d
      AND semaine + 6 >= (SELECT min(date_ouverture) FROM ecoles)
    GROUP BY 1
), perimetre AS (
    SELECT uai, date_ouverture FROM ecoles
    WHERE $uais::VARCHAR[] IS NULL OR list_contains($uais::VARCHAR[], uai)
)
SELECT s.mois,
       (SELECT count(DISTINCT a.uai) FROM alertes_semaine a JOIN perimetre p USING (uai)
        WHERE a.semaine = s.semaine) AS ecoles_signalees,
       (SELECT count(*) FROM perimetre p WHERE p.date_ouverture <= s.semaine + 6) AS ecoles_ouvertes
FROM semaines s
ORDER BY s.mois
