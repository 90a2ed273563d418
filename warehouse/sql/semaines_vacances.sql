-- Mondays of the weeks with fewer than two school days in the zone most schools are in.
WITH zone AS (SELECT zone FROM ecoles WHERE zone IS NOT NULL GROUP BY zone ORDER BY count(*) DESC, zone LIMIT 1)
SELECT date_trunc('week', jour)::DATE AS semaine
FROM calendrier WHERE zone = (SELECT zone FROM zone) AND jour BETWEEN $debut AND $fin
GROUP BY 1 HAVING count(*) FILTER (WHERE jour_scolaire) < 2
ORDER BY 1
