-- Small statements of the rollups' refresh (rollups.py).

-- name: calendrier_bounds
-- The days the stored calendar covers (NULLs when it is empty).
SELECT min(jour), max(jour) FROM calendrier

-- name: alertes_oublier
-- The alert history from the week of $lundi on, to be worked out again.
DELETE FROM alertes_semaine WHERE semaine >= $lundi

-- name: alertes_semaines
-- The weeks (Mondays) whose Sundays have events to judge: from the week of $depuis, or of the first opening,
-- to the week of the last day with events.
SELECT DISTINCT date_trunc('week', jour)::DATE AS lundi FROM calendrier
WHERE jour >= greatest($depuis::DATE, (SELECT min(date_ouverture) FROM ecoles))
  AND jour <= (SELECT max(jour) FROM activite_jour)
ORDER BY lundi
