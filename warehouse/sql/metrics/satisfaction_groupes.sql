-- Satisfaction per campaign × wave ('' without one) × profile × question
-- with at least one answer (docs/metrics.md): respondents (answers in
-- 1..echelle), their mean, and the share of satisfied answers (above the
-- scale's middle: 4 and 5 on a 5 scale). Over the schools $uais when given.
WITH groupes AS (
    SELECT r.campagne, coalesce(e.vague, '') AS vague, r.profil, n.question,
           count(n.note) AS repondants,
           avg(n.note) AS moyenne,
           count(n.note) FILTER (WHERE n.note > (c.echelle + 1) / 2) / count(n.note) AS part_satisfaits
    FROM enquete_reponses r
    JOIN enquete_notes n USING (campagne, reponse)
    JOIN enquete_campagnes c USING (campagne)
    LEFT JOIN ecoles e USING (uai)
    WHERE n.note IS NOT NULL AND ($uais::VARCHAR[] IS NULL OR list_contains($uais::VARCHAR[], r.uai))
    GROUP BY ALL
)
SELECT g.* FROM groupes g JOIN enquete_campagnes c USING (campagne)
ORDER BY g.campagne, g.vague, g.profil, list_position(c.questions, g.question)
