-- The day $n school weeks before $d (same weekday), counting the school weeks
-- of the zone most schools are in; holiday weeks are skipped.
WITH zone AS (SELECT zone FROM ecoles WHERE zone IS NOT NULL GROUP BY zone ORDER BY count(*) DESC, zone LIMIT 1),
semaines AS (
    SELECT date_trunc('week', jour)::DATE AS semaine FROM calendrier
    WHERE zone = (SELECT zone FROM zone) AND jour <= $d
    GROUP BY 1 HAVING count(*) FILTER (WHERE jour_scolaire) >= 2
)
SELECT semaine + ($d::DATE - date_trunc('week', $d::DATE)::DATE)::INTEGER FROM semaines
WHERE semaine < date_trunc('week', $d::DATE)::DATE
ORDER BY semaine DESC LIMIT 1 OFFSET ($n - 1)
