-- The last day whose figures read traces from before the cut-off $coupure:
-- the 28 days ending that day, or the support rules' windows ($k school weeks
-- of a school's zone whose Friday is reached by that day, holiday weeks
-- skipped, so a window can reach back across the summer). A purge freezes
-- every Sunday up to the first one on or after it. NULL: not within $horizon days.
WITH jours AS (
    SELECT unnest(generate_series($coupure::DATE, $coupure::DATE + $horizon::INTEGER, INTERVAL 1 DAY))::DATE AS d
), semaines AS (
    SELECT zone, semaine FROM semaines_calendrier
    WHERE scolaire AND zone IN (SELECT DISTINCT zone_ecole(zone) FROM ecoles) AND semaine >= $coupure::DATE - $horizon::INTEGER
), rangs AS (
    SELECT j.d, s.zone, s.semaine, row_number() OVER (PARTITION BY j.d, s.zone ORDER BY s.semaine DESC) AS r
    FROM jours j JOIN semaines s ON s.semaine + 4 <= j.d
), par_zone AS (
    SELECT d, zone, count(*) AS n, min(semaine) AS debut FROM rangs WHERE r <= $k GROUP BY d, zone
), besoins AS (
    -- NULL when a zone has fewer than $k school weeks since $horizon days before the cut-off: it reaches further.
    SELECT j.d,
           CASE WHEN count(p.zone) FILTER (WHERE p.n = $k) = (SELECT count(DISTINCT zone) FROM semaines)
                THEN least(j.d - 27, min(p.debut)) END AS besoin
    FROM jours j LEFT JOIN par_zone p USING (d)
    GROUP BY j.d
)
SELECT min(d) - 1 FROM besoins WHERE besoin >= $coupure::DATE
