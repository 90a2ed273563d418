-- The day $n school weeks before $d (same weekday), counting the school weeks
-- of the zone most schools are in; holiday weeks are skipped.
SELECT semaine + ($d::DATE - date_trunc('week', $d::DATE)::DATE)::INTEGER FROM semaines_calendrier
WHERE zone = zone_principale() AND scolaire AND semaine < date_trunc('week', $d::DATE)::DATE
ORDER BY semaine DESC LIMIT 1 OFFSET ($n - 1)
