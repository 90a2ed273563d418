-- Cohorts: per school, profile and week since opening (up to the last day
-- with events), the accounts existing at the week's end, distributed and
-- activated by then, and active during the week. Waves compare at the same
-- age by summing these over their schools.
-- Each account version is an interval of week ends for each count (it
-- exists, is distributed, is activated, until it closes): it adds 1 at its
-- first week and takes it back at its end, and running sums over the weeks
-- give the counts. This costs one row per account rather than one per
-- account and week.
CREATE OR REPLACE TABLE cohorte_ecole_semaine AS
WITH fin AS (
    SELECT coalesce(greatest(max(jour), (SELECT max(dernier_jour) FROM purges)), current_date) AS dernier_jour FROM evenements
), ouvertes AS (
    SELECT uai, vague, date_trunc('week', date_ouverture)::DATE AS premiere_semaine
    FROM ecoles WHERE date_ouverture IS NOT NULL
), grille AS (
    -- The weeks of each open school up to the last day; the last week ends on that day.
    SELECT o.uai, o.vague, s.semaine, ((s.semaine - o.premiere_semaine) // 7)::INTEGER AS k
    FROM ouvertes o, fin f, (SELECT DISTINCT date_trunc('week', jour)::DATE AS semaine FROM calendrier) s
    WHERE s.semaine >= o.premiere_semaine AND s.semaine <= f.dernier_jour
), versions AS (
    -- From which day each count holds (NULL: never), and the day it stops (NULL: still open).
    SELECT uai, profil, existe,
           CASE WHEN distribution IS NOT NULL THEN greatest(existe, distribution) END AS distribue,
           CASE WHEN activation IS NOT NULL THEN greatest(existe, activation) END AS active,
           jusqu_au
    FROM (
        SELECT c.uai, c.profil, c.valide_jusqu_au AS jusqu_au,
               greatest(coalesce(c.valide_depuis, DATE '0001-01-01'), coalesce(c.date_creation, DATE '0001-01-01')) AS existe,
               -- least() and greatest() pass over NULLs: a missing date is no date here.
               least(c.date_activation, p.jour) AS activation,
               CASE WHEN NOT c.distribution_connue THEN DATE '0001-01-01'
                    ELSE least(c.date_distribution, c.date_activation, p.jour) END AS distribution
        FROM comptes c JOIN ouvertes o USING (uai)
        LEFT JOIN premiere_activite p USING (compte)
    )
), bornes AS (
    -- A week counts a version when its end (the week's Sunday, or the last
    -- day) is on or after the start and before the closing day: the first
    -- such week is the start's own week, the first week past it the closing
    -- day's week.
    SELECT v.uai, v.profil, x.compteur,
           greatest(date_trunc('week', x.depuis)::DATE, o.premiere_semaine) AS debut,
           date_trunc('week', v.jusqu_au)::DATE AS arret
    FROM versions v JOIN ouvertes o USING (uai), fin f,
         LATERAL (VALUES ('comptes', v.existe), ('distribues', v.distribue), ('actives', v.active)) x(compteur, depuis)
    WHERE x.depuis IS NOT NULL AND x.depuis <= f.dernier_jour
), deltas AS (
    SELECT uai, profil, compteur, debut AS semaine, 1 AS d FROM bornes
    WHERE arret IS NULL OR arret > debut
    UNION ALL
    SELECT uai, profil, compteur, arret, -1 FROM bornes
    WHERE arret IS NOT NULL AND arret > debut
), par_semaine AS (
    SELECT uai, profil, semaine,
           sum(d) FILTER (WHERE compteur = 'comptes') AS d_comptes,
           sum(d) FILTER (WHERE compteur = 'distribues') AS d_distribues,
           sum(d) FILTER (WHERE compteur = 'actives') AS d_actives
    FROM deltas GROUP BY ALL
), cumuls AS (
    SELECT g.uai, g.vague, g.semaine, g.k, p.profil,
           sum(coalesce(s.d_comptes, 0)) OVER w AS comptes,
           sum(coalesce(s.d_distribues, 0)) OVER w AS comptes_distribues,
           sum(coalesce(s.d_actives, 0)) OVER w AS comptes_actives
    FROM grille g
    JOIN (SELECT DISTINCT uai, profil FROM versions) p USING (uai)
    LEFT JOIN par_semaine s ON s.uai = g.uai AND s.profil = p.profil AND s.semaine = g.semaine
    WINDOW w AS (PARTITION BY g.uai, p.profil ORDER BY g.semaine)
), actifs AS (
    SELECT uai, profil, semaine, utilisateurs_actifs AS actifs_semaine
    FROM activite_ecole_semaine(DATE '0001-01-01', DATE '9999-12-31')
)
SELECT c.uai, c.vague, c.semaine, c.k AS semaines_depuis_ouverture, c.profil,
       c.comptes::BIGINT AS comptes, c.comptes_distribues::BIGINT AS comptes_distribues,
       c.comptes_actives::BIGINT AS comptes_actives, coalesce(a.actifs_semaine, 0) AS actifs_semaine
FROM cumuls c LEFT JOIN actifs a ON a.uai = c.uai AND a.profil = c.profil AND a.semaine = c.semaine
WHERE c.comptes > 0
ORDER BY c.uai, c.semaine, c.profil;
