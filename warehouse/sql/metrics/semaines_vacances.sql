-- Mondays of the holiday weeks (not school weeks) from the week of $debut to
-- $fin, in the zone of school $uai (its own calendar), or without one in the
-- zone most schools are in.
SELECT semaine FROM semaines_calendrier
WHERE zone = coalesce((SELECT zone_ecole(zone) FROM ecoles WHERE uai = $uai), zone_principale()) AND NOT scolaire
  AND semaine BETWEEN date_trunc('week', $debut::DATE)::DATE AND $fin
ORDER BY semaine
