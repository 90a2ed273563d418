-- Each school's trend: its mean weekly active users over the last 4 school
-- weeks of its zone reached by $d (Friday, as the support rules count them)
-- and over the 4 before, for the schools open through all eight.
WITH derniers AS (
    SELECT zone, max(rang) AS dernier FROM semaines_scolaires WHERE semaine + 4 <= $d GROUP BY zone
), fenetres AS (
    SELECT s.zone, s.semaine, s.rang > d.dernier - 4 AS recente
    FROM semaines_scolaires s JOIN derniers d USING (zone)
    WHERE s.rang > d.dernier - 8 AND s.rang <= d.dernier
), par_ecole AS (
    SELECT e.uai, f.semaine, f.recente, coalesce(a.utilisateurs_actifs, 0) AS utilisateurs_actifs
    FROM ecoles e
    JOIN fenetres f ON f.zone = zone_ecole(e.zone)
    LEFT JOIN actifs_semaine($d - 140, $d) a ON a.uai = e.uai AND a.semaine = f.semaine
    WHERE e.date_ouverture <= $d AND f.semaine >= date_trunc('week', e.date_ouverture)
)
SELECT uai,
       avg(utilisateurs_actifs) FILTER (WHERE recente) AS actifs_4_semaines,
       avg(utilisateurs_actifs) FILTER (WHERE NOT recente) AS actifs_4_precedentes
FROM par_ecole GROUP BY uai HAVING count(*) FILTER (WHERE NOT recente) = 4
ORDER BY uai
