-- Mondays of the holiday weeks (not school weeks) from the week of $debut to
-- $fin, in the zone most schools are in.
SELECT semaine FROM semaines_calendrier
WHERE zone = zone_principale() AND NOT scolaire
  AND semaine BETWEEN date_trunc('week', $debut::DATE)::DATE AND $fin
ORDER BY semaine
