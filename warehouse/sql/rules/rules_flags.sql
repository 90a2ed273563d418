-- Support rules of docs/metrics.md for the schools open on $d (phase III or IV).
-- Windows count school weeks of the school's zone (at least two school
-- days); holiday weeks are skipped, so they never count as inactivity. A
-- rule needs as many school weeks since opening as its window spans.
WITH etat AS MATERIALIZED (
    SELECT * FROM etat_comptes($d)
), semaines AS (
    SELECT zone, semaine FROM semaines_calendrier WHERE scolaire
), ouvertes AS (
    SELECT uai, zone_ecole(zone) AS zone, date_ouverture FROM ecoles WHERE date_ouverture <= $d
), rangs AS (
    -- The week of D counts once its Friday is reached: a partial week would
    -- weigh like a full one.
    SELECT o.uai, s.semaine, row_number() OVER (PARTITION BY o.uai ORDER BY s.semaine DESC) AS r
    FROM ouvertes o JOIN semaines s
      ON s.zone = o.zone AND s.semaine + 4 <= $d AND s.semaine >= date_trunc('week', o.date_ouverture)
), fenetres AS (
    SELECT uai, count(*) AS semaines_depuis_ouverture,
        min(semaine) FILTER (WHERE r <= $semaines_activite) AS debut_4,
        min(semaine) FILTER (WHERE r <= $semaines_sans_activite) AS debut_2,
        min(semaine) FILTER (WHERE r <= $semaines_services) AS debut_services,
        min(semaine) FILTER (WHERE r BETWEEN $semaines_activite + 1 AND 2 * $semaines_activite) AS debut_avant,
        max(semaine) FILTER (WHERE r BETWEEN $semaines_activite + 1 AND 2 * $semaines_activite) + 6 AS fin_avant
    FROM rangs GROUP BY uai
), depuis AS (
    -- The earliest day any window starts: rollup scans stop there (row groups of older days are skipped).
    SELECT least(min(debut_4), min(debut_2), min(debut_services), min(debut_avant)) AS jour FROM fenetres
), recente AS (
    -- The windows' activity: whole weeks ending by D from the weekly rollup (a
    -- week's row stands at its Monday), and the days of D's week up to D when
    -- D is not a Sunday.
    SELECT uai, compte, semaine AS jour, connexions, acces, echecs FROM activite_semaine
    WHERE semaine BETWEEN date_trunc('week', (SELECT jour FROM depuis)) AND $d::DATE - 6
    UNION ALL
    SELECT uai, compte, jour, connexions, acces, echecs FROM activite_jour
    WHERE jour BETWEEN greatest(date_trunc('week', $d::DATE)::DATE, (SELECT jour FROM depuis)) AND $d
      AND dayofweek($d::DATE) <> 0
), hebdo AS (
    -- weekly active users, per school and school week
    SELECT a.uai, r.r, count(DISTINCT a.compte) AS actifs
    FROM recente a JOIN rangs r ON r.uai = a.uai AND r.semaine = date_trunc('week', a.jour)::DATE
    WHERE a.jour <= $d AND est_actif(a.connexions, a.acces) AND r.r <= 2 * $semaines_activite
    GROUP BY ALL
), actifs_4 AS (
    SELECT DISTINCT a.compte FROM recente a JOIN fenetres f USING (uai)
    WHERE a.jour BETWEEN f.debut_4 AND $d AND est_actif(a.connexions, a.acces)
), taux AS (
    SELECT uai, profil, taux(count(*) FILTER (WHERE active), count(*) FILTER (WHERE distribue)) AS taux_activation
    FROM etat GROUP BY ALL HAVING count(*) FILTER (WHERE distribue) > 0
), seuils_activation AS (
    SELECT * FROM (VALUES ('enseignant', $activation_enseignant), ('eleve', $activation_eleve),
                          ('parent', $activation_parent)) t(profil, seuil)
)
-- activation_faible
SELECT t.uai, 'activation_faible' AS motif, t.profil AS detail, t.taux_activation AS valeur, s.seuil
FROM taux t JOIN seuils_activation s USING (profil) JOIN fenetres f USING (uai)
WHERE f.semaines_depuis_ouverture >= $semaines_min AND t.taux_activation < s.seuil
UNION ALL
-- enseignants_inactifs
SELECT c.uai, 'enseignants_inactifs', NULL,
       count(*) FILTER (WHERE a.compte IS NOT NULL) / count(*), $part_enseignants
FROM etat c JOIN fenetres f USING (uai) LEFT JOIN actifs_4 a USING (compte)
WHERE c.profil = 'enseignant' AND f.semaines_depuis_ouverture >= $semaines_activite
GROUP BY c.uai HAVING count(*) FILTER (WHERE a.compte IS NOT NULL) / count(*) < $part_enseignants
UNION ALL
-- usage_en_baisse
SELECT h.uai, 'usage_en_baisse', NULL,
       sum(actifs) FILTER (WHERE r <= $semaines_activite) / sum(actifs) FILTER (WHERE r > $semaines_activite),
       $baisse_max
FROM hebdo h JOIN fenetres f USING (uai)
WHERE f.semaines_depuis_ouverture >= 2 * $semaines_activite
GROUP BY h.uai
HAVING sum(actifs) FILTER (WHERE r > $semaines_activite) > 0
   AND coalesce(sum(actifs) FILTER (WHERE r <= $semaines_activite), 0)
       < $baisse_max * sum(actifs) FILTER (WHERE r > $semaines_activite)
UNION ALL
-- aucune_activite
SELECT f.uai, 'aucune_activite', NULL, 0, $semaines_sans_activite
FROM fenetres f
WHERE f.semaines_depuis_ouverture >= $semaines_sans_activite
  AND NOT EXISTS (SELECT 1 FROM recente a WHERE a.uai = f.uai AND a.jour BETWEEN f.debut_2 AND $d)
UNION ALL
-- services_initiaux_inutilises
SELECT sa.uai, 'services_initiaux_inutilises', coalesce(s.libelle, sa.service), 0, $semaines_services
FROM (SELECT DISTINCT uai, service FROM services_actifs($d)) sa
JOIN services s ON s.service = sa.service AND s.groupe = 'initial'
JOIN fenetres f ON f.uai = sa.uai
WHERE f.semaines_depuis_ouverture >= $semaines_services
  AND NOT EXISTS (SELECT 1 FROM services_semaine u
                  WHERE u.uai = sa.uai AND u.service = sa.service
                    AND u.semaine BETWEEN f.debut_services AND $d::DATE - 6)
  AND NOT EXISTS (SELECT 1 FROM acces_service_jour u
                  WHERE u.uai = sa.uai AND u.service = sa.service AND dayofweek($d::DATE) <> 0
                    AND u.jour BETWEEN greatest(date_trunc('week', $d::DATE)::DATE, f.debut_services) AND $d)
UNION ALL
-- echecs_connexion
SELECT a.uai, 'echecs_connexion', NULL, sum(a.echecs) / sum(a.echecs + a.connexions), $echecs_max
FROM recente a JOIN fenetres f USING (uai)
WHERE a.jour BETWEEN f.debut_4 AND $d AND f.semaines_depuis_ouverture >= $semaines_activite
GROUP BY a.uai
HAVING sum(a.echecs + a.connexions) > 0 AND sum(a.echecs) / sum(a.echecs + a.connexions) > $echecs_max
UNION ALL
-- personnes_ressources_inactives
SELECT f.uai, 'personnes_ressources_inactives',
       CASE WHEN count(c.compte) = 0 THEN 'aucune personne ressource désignée'
            ELSE count(c.compte)::VARCHAR || ' personne(s) ressource(s)' END,
       count(c.compte) FILTER (WHERE a.compte IS NOT NULL), 1
FROM fenetres f
LEFT JOIN etat c ON c.uai = f.uai AND c.personne_ressource
LEFT JOIN actifs_4 a ON a.compte = c.compte
WHERE f.semaines_depuis_ouverture >= $semaines_activite
  -- Key users known somewhere in the territory (the column may be absent from the exports).
  AND EXISTS (SELECT 1 FROM comptes WHERE personne_ressource)
GROUP BY f.uai
HAVING count(c.compte) FILTER (WHERE a.compte IS NOT NULL) = 0
ORDER BY 1, 2, 3
