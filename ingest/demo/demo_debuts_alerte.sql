-- The week each run of flagged school weeks began, per school (the demo
-- journal answers these): a flagged week whose school's previous school week
-- was not flagged.
WITH semaines AS (
    SELECT a.uai, a.semaine, s.rang
    FROM (SELECT DISTINCT uai, semaine FROM alertes_semaine) a
    JOIN ecoles e USING (uai)
    JOIN semaines_scolaires s ON s.zone = zone_ecole(e.zone) AND s.semaine = a.semaine
)
SELECT w.uai, w.semaine
FROM semaines w
WHERE NOT EXISTS (SELECT 1 FROM semaines p WHERE p.uai = w.uai AND p.rang = w.rang - 1)
ORDER BY w.semaine, w.uai
