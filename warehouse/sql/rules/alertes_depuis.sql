-- Since when each school flagged in the history's latest week ending on or
-- before $d has been flagged: the first week of its current run of flagged
-- school weeks of its zone (holiday weeks neither count nor break a run).
WITH derniere AS (
    SELECT max(semaine) AS lundi FROM alertes_semaine WHERE semaine + 6 <= $d
), semaines_ecole AS (
    SELECT e.uai, s.semaine
    FROM ecoles e JOIN semaines_calendrier s ON s.zone = zone_ecole(e.zone) AND s.scolaire, derniere
    WHERE e.date_ouverture IS NOT NULL AND s.semaine >= date_trunc('week', e.date_ouverture)
      AND s.semaine <= derniere.lundi
), marquees AS (
    SELECT w.uai, w.semaine, a.uai IS NOT NULL AS en_alerte
    FROM semaines_ecole w
    LEFT JOIN (SELECT DISTINCT uai, semaine FROM alertes_semaine) a ON a.uai = w.uai AND a.semaine = w.semaine
), calme AS (
    SELECT uai, max(semaine) FILTER (WHERE NOT en_alerte) AS derniere_sans FROM marquees GROUP BY uai
)
SELECT m.uai, min(m.semaine) AS en_alerte_depuis
FROM marquees m JOIN calme c USING (uai), derniere
WHERE m.en_alerte AND (c.derniere_sans IS NULL OR m.semaine > c.derniere_sans)
  AND m.uai IN (SELECT uai FROM alertes_semaine WHERE semaine = derniere.lundi)
GROUP BY m.uai
ORDER BY m.uai
