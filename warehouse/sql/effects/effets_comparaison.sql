-- Schools helped against schools flagged but not (yet) helped over the same
-- weeks (docs/metrics.md). For each school's first intervention of the
-- school year ($debut to $d) in `journal_interventions`, at week W: the
-- school, if it was flagged in its last school week before W, is "aidee";
-- every school flagged then with no intervention up to the end of its own
-- window is a "temoin" for W. Each side's school has 4 school weeks of its
-- zone before W and 4 after, all reached by $d (Friday). Per school and W:
-- mean weekly active users before and after.
WITH premieres AS (
    SELECT uai, date_trunc('week', min(jour))::DATE AS semaine0
    FROM journal_interventions WHERE jour BETWEEN $debut AND $d GROUP BY uai
), semaines0 AS (
    SELECT DISTINCT semaine0 FROM premieres
), paires AS (
    -- Every open school against every week W.
    SELECT e.uai, zone_ecole(e.zone) AS zone, w.semaine0
    FROM ecoles e, semaines0 w
    WHERE e.date_ouverture IS NOT NULL AND e.date_ouverture <= w.semaine0
), reperes AS (
    SELECT p.*, rang_avant(p.zone, p.semaine0) AS r_avant, rang_apres(p.zone, p.semaine0) AS r_apres
    FROM paires p
), fenetres AS (
    SELECT r.uai, r.semaine0, s.semaine, s.rang <= r.r_avant AS avant, s.rang = r.r_avant AS veille
    FROM reperes r
    JOIN semaines_scolaires s ON s.zone = r.zone
     AND (s.rang BETWEEN r.r_avant - 3 AND r.r_avant OR s.rang BETWEEN r.r_apres AND r.r_apres + 3)
), completes AS (
    -- Pairs whose eight weeks are all there and reached by $d.
    SELECT uai, semaine0, max(semaine) + 6 AS fin, any_value(semaine) FILTER (WHERE veille) AS veille
    FROM fenetres GROUP BY ALL
    HAVING count(*) = 8 AND max(semaine) + 4 <= $d
), signalees AS (
    SELECT c.* FROM completes c
    WHERE EXISTS (SELECT 1 FROM alertes_semaine a WHERE a.uai = c.uai AND a.semaine = c.veille)
), groupes AS (
    SELECT s.uai, s.semaine0, 'aidee' AS groupe
    FROM signalees s JOIN premieres p ON p.uai = s.uai AND p.semaine0 = s.semaine0
    UNION ALL
    SELECT s.uai, s.semaine0, 'temoin'
    FROM signalees s
    WHERE NOT EXISTS (SELECT 1 FROM journal_interventions j WHERE j.uai = s.uai AND j.jour <= s.fin)
), actifs AS (
    SELECT g.uai, g.semaine0, g.groupe, f.avant, coalesce(a.utilisateurs_actifs, 0) AS utilisateurs_actifs
    FROM groupes g
    JOIN fenetres f ON f.uai = g.uai AND f.semaine0 = g.semaine0
    LEFT JOIN actifs_semaine($debut - 70, $d) a ON a.uai = f.uai AND a.semaine = f.semaine
)
SELECT uai, semaine0 AS semaine, groupe,
       avg(utilisateurs_actifs) FILTER (WHERE avant) AS actifs_avant,
       avg(utilisateurs_actifs) FILTER (WHERE NOT avant) AS actifs_apres
FROM actifs GROUP BY ALL
ORDER BY semaine, groupe, uai
