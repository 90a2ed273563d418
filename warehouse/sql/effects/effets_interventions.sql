-- Around each intervention of `journal_interventions` (uai, jour: registered
-- by warehouse/effects.py for this query only), the school's weekly active
-- users and its reasons in the 4 school weeks of its zone before the
-- intervention's week (position -4 to -1) and the 4 after (1 to 4). A week
-- counts once its Friday is reached by $d, as in the support rules; weeks
-- before the school opened are left out. $debut bounds the activity read,
-- $uais (the journal's schools) the schools it is read for.
WITH interventions AS (
    SELECT DISTINCT j.uai, j.jour, date_trunc('week', j.jour)::DATE AS semaine0, zone_ecole(e.zone) AS zone,
           date_trunc('week', e.date_ouverture)::DATE AS ouverture
    FROM journal_interventions j JOIN ecoles e USING (uai)
    WHERE j.jour <= $d
), reperes AS (
    -- The ends of the windows (rang_avant, rang_apres: the intervention's own week is in neither).
    SELECT i.*, rang_avant(i.zone, i.semaine0) AS r_avant, rang_apres(i.zone, i.semaine0) AS r_apres
    FROM interventions i
), fenetres AS (
    SELECT r.uai, r.jour, s.semaine,
           CASE WHEN s.rang <= r.r_avant THEN s.rang - r.r_avant - 1 ELSE s.rang - r.r_apres + 1 END AS position
    FROM reperes r
    JOIN semaines_scolaires s ON s.zone = r.zone
     AND (s.rang BETWEEN r.r_avant - 3 AND r.r_avant OR s.rang BETWEEN r.r_apres AND r.r_apres + 3)
    WHERE s.semaine + 4 <= $d AND (r.ouverture IS NULL OR s.semaine >= r.ouverture)
), motifs AS (
    SELECT uai, semaine, list(DISTINCT motif ORDER BY motif) AS motifs FROM alertes_semaine GROUP BY ALL
)
SELECT f.uai, f.jour, f.position, f.semaine, coalesce(a.utilisateurs_actifs, 0) AS utilisateurs_actifs,
       coalesce(m.motifs, []) AS motifs
FROM fenetres f
LEFT JOIN (SELECT * FROM actifs_semaine($debut, $d) WHERE list_contains($uais::VARCHAR[], uai)) a
    ON a.uai = f.uai AND a.semaine = f.semaine
LEFT JOIN motifs m ON m.uai = f.uai AND m.semaine = f.semaine
ORDER BY f.uai, f.jour, f.position
