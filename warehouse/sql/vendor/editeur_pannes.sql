-- Probable outages of the vendor's service (docs/metrics.md): the school-day
-- hours (Paris, 7:00 to 19:59, school days of the main zone, between the
-- first and the last day with logins, up to $d) whose territory-wide logins
-- fall to at most $part_max of the usual number for that weekday and hour
-- (the median of the 4 same weekdays before), when that usual number is at
-- least $habituel_min. Consecutive hours of a day make one outage.
WITH bornes AS (
    SELECT min(jour) AS premier, least(max(jour), $d::DATE) AS dernier FROM connexions_heure WHERE connexions > 0
), jours AS (
    SELECT c.jour, dayofweek(c.jour) AS jour_semaine
    FROM calendrier c, bornes b
    WHERE c.zone = zone_principale() AND c.jour_scolaire AND c.jour BETWEEN b.premier AND b.dernier
), grille AS (
    SELECT j.jour, j.jour_semaine, h.heure, coalesce(c.connexions, 0) AS connexions
    FROM jours j CROSS JOIN range(7, 20) h(heure)
    LEFT JOIN connexions_heure c ON c.jour = j.jour AND c.heure = h.heure
), attendu AS (
    SELECT *,
        median(connexions) OVER w AS habituel,
        count(*) OVER w AS semaines
    FROM grille
    WINDOW w AS (PARTITION BY jour_semaine, heure ORDER BY jour ROWS BETWEEN 4 PRECEDING AND 1 PRECEDING)
), creux AS (
    SELECT *, heure - row_number() OVER (PARTITION BY jour ORDER BY heure) AS suite
    FROM attendu
    WHERE semaines = 4 AND habituel >= $habituel_min AND connexions <= $part_max * habituel
)
SELECT jour, min(heure) AS debut, count(*) AS heures, sum(connexions)::BIGINT AS connexions,
       sum(habituel)::BIGINT AS connexions_habituelles
FROM creux
GROUP BY jour, suite
ORDER BY jour, debut
