-- The concepts the figures use more than once, each defined here once and
-- referred to by name (docs/metrics.md). Stored in the warehouse: the
-- writer applies this file on each open, after the schema (so a load brings
-- them up to date), and readers find them there at no cost.

-- An account is active on a day with at least one login or access
-- (activations and failed logins are not use).
CREATE OR REPLACE MACRO est_actif(connexions, acces) AS connexions + acces > 0;

-- A rate: NULL, never 0 or NaN, on an empty denominator.
CREATE OR REPLACE MACRO taux(numerateur, denominateur) AS
    CASE WHEN denominateur > 0 THEN numerateur / denominateur END;

-- A school's holiday zone; '*' for a school with none (its school days are
-- the weekdays that are not public holidays).
CREATE OR REPLACE MACRO zone_ecole(zone) AS coalesce(zone, '*');

-- The zone most schools are in: the calendar of views that show all schools at once.
CREATE OR REPLACE MACRO zone_principale() AS
    (SELECT zone FROM ecoles WHERE zone IS NOT NULL GROUP BY zone ORDER BY count(*) DESC, zone LIMIT 1);

-- Every ISO week (its Monday) of each zone, and whether it is a school week:
-- at least two school days in the zone.
CREATE OR REPLACE VIEW semaines_calendrier AS
SELECT zone, date_trunc('week', jour)::DATE AS semaine, count(*) FILTER (WHERE jour_scolaire) >= 2 AS scolaire
FROM calendrier GROUP BY ALL
UNION ALL
SELECT '*', date_trunc('week', jour)::DATE, count(*) FILTER (WHERE jour_semaine <= 5 AND NOT ferie) >= 2
FROM calendrier WHERE zone = 'A' GROUP BY ALL;

-- The accounts' state as of `jour_d`: every account that exists that day
-- (created on or before it, in the export in force, not closed), with its
-- school, profile and class, and whether it is distributed, activated, and
-- active in the 28 days ending that day.
CREATE OR REPLACE MACRO etat_comptes(jour_d) AS TABLE
WITH comptes_d AS (
    SELECT c.compte, c.uai, c.profil, c.classe, c.date_distribution, c.date_activation, c.distribution_connue,
           c.personne_ressource
    FROM comptes c
    WHERE (c.valide_depuis IS NULL OR c.valide_depuis <= jour_d)
      AND (c.valide_jusqu_au IS NULL OR jour_d < c.valide_jusqu_au)
      AND (c.date_creation IS NULL OR c.date_creation <= jour_d)
), actifs AS (
    SELECT DISTINCT compte FROM activite_jour
    WHERE jour BETWEEN jour_d - 27 AND jour_d AND est_actif(connexions, acces)
), etat AS (
    SELECT c.*, least(c.date_activation, p.jour) AS activation, a.compte IS NOT NULL AS actif_28j
    FROM comptes_d c
    LEFT JOIN premiere_activite p USING (compte)
    LEFT JOIN actifs a USING (compte)
)
SELECT compte, uai, profil, classe, personne_ressource,
    coalesce(activation <= jour_d, false) AS active,
    coalesce(activation <= jour_d, false) OR NOT distribution_connue OR coalesce(date_distribution <= jour_d, false)
        AS distribue,
    actif_28j
FROM etat;

-- Per school and service, how many of the accounts existing on `jour_d` have
-- the service active that day: socle services always; others when an
-- activation covering the day names the account's profile (or 'tous') and
-- targets the project, its school, its class or the account itself.
-- Accounts of one school, profile and class share every scope but the last:
-- they are counted as groups, and only accounts named one by one (whose
-- group lacks the service) are looked at singly. One equi-join per scope (an
-- OR of scopes would compare every account with every activation).
CREATE OR REPLACE MACRO services_actifs(jour_d) AS TABLE
WITH etat AS MATERIALIZED (
    SELECT * FROM etat_comptes(jour_d)
), a AS (
    SELECT * FROM activations WHERE debut <= jour_d AND (fin IS NULL OR jour_d <= fin)
), profils AS (
    SELECT a.*, unnest(a.profils) AS profil_cible FROM a
), groupes AS (
    SELECT uai, profil, classe, count(*) AS n FROM etat GROUP BY ALL
), pour_groupe AS (
    SELECT g.uai, g.profil, g.classe, g.n, s.service
    FROM groupes g JOIN services s ON s.groupe = 'socle'
    UNION
    SELECT g.uai, g.profil, g.classe, g.n, p.service
    FROM groupes g JOIN profils p ON p.portee = 'projet' AND p.profil_cible IN ('tous', g.profil)
    UNION
    SELECT g.uai, g.profil, g.classe, g.n, p.service
    FROM groupes g JOIN profils p ON p.portee = 'ecole' AND p.cible = g.uai AND p.profil_cible IN ('tous', g.profil)
    UNION
    SELECT g.uai, g.profil, g.classe, g.n, p.service
    FROM groupes g JOIN profils p ON p.portee = 'classe' AND p.cible = g.classe AND p.profil_cible IN ('tous', g.profil)
), pour_compte AS (
    -- A user is targeted by id or by login: both map to the account.
    SELECT DISTINCT c.uai, c.profil, c.classe, c.compte, p.service
    FROM etat c
    JOIN identifiants_comptes ic ON ic.compte = c.compte
    JOIN profils p ON p.portee = 'utilisateur' AND p.cible_pid = ic.ident_pid AND p.profil_cible IN ('tous', c.profil)
)
SELECT uai, service, sum(n)::BIGINT AS comptes_service_actif
FROM (
    SELECT uai, service, n FROM pour_groupe
    UNION ALL
    SELECT c.uai, c.service, 1 FROM pour_compte c
    WHERE NOT EXISTS (SELECT 1 FROM pour_groupe g WHERE g.uai = c.uai AND g.profil = c.profil
                      AND g.classe IS NOT DISTINCT FROM c.classe AND g.service = c.service)
)
GROUP BY uai, service;

-- The school weeks of each zone numbered in order (`rang`), so that "the n
-- school weeks before or after a week" is a difference of ranks: holiday
-- weeks have no rank and are skipped.
CREATE OR REPLACE VIEW semaines_scolaires AS
SELECT zone, semaine, row_number() OVER (PARTITION BY zone ORDER BY semaine) AS rang
FROM semaines_calendrier WHERE scolaire;

-- The rank of the last school week of `zone_s` before the week `semaine0`,
-- and of the first after it (the week itself, school week or not, in neither):
-- the ends of "the n school weeks before and after" a week.
CREATE OR REPLACE MACRO rang_avant(zone_s, semaine0) AS
    (SELECT max(s.rang) FROM semaines_scolaires s WHERE s.zone = zone_s AND s.semaine < semaine0);
CREATE OR REPLACE MACRO rang_apres(zone_s, semaine0) AS
    (SELECT min(s.rang) FROM semaines_scolaires s WHERE s.zone = zone_s AND s.semaine > semaine0);

-- A school's deployment phase on `jour` (docs/inputs.md): I from candidature
-- (or with no candidature date), II from the start of deployment, III from
-- opening, IV from the review; NULL before its candidature.
CREATE OR REPLACE MACRO phase_ecole(jour, candidature, debut_deploiement, ouverture, bilan) AS
    CASE WHEN bilan <= jour THEN 'IV'
         WHEN ouverture <= jour THEN 'III'
         WHEN debut_deploiement <= jour THEN 'II'
         WHEN candidature <= jour OR candidature IS NULL THEN 'I' END;

-- The retention purge (warehouse/retention.py) froze the figures as of each
-- Sunday up to gel_limite() before deleting older traces: a day up to that
-- limit is read as of jour_fige(), the last frozen Sunday on or before it
-- (NULL for a day after the limit, or before the first frozen Sunday: read live).
CREATE OR REPLACE MACRO gel_limite() AS (SELECT max(dimanche) FROM gel_dimanches);
CREATE OR REPLACE MACRO jour_fige(jour_d) AS
    (SELECT max(dimanche) FROM gel_dimanches WHERE dimanche <= jour_d AND jour_d <= (SELECT max(dimanche) FROM gel_dimanches));

-- The first day whose traces the warehouse still holds ('0001-01-01' before any purge).
CREATE OR REPLACE MACRO coupure_purge() AS (SELECT coalesce(max(coupure), DATE '0001-01-01') FROM purges);
-- The first month whose events are all still there: the counts by month of those before stay as the purge left them.
CREATE OR REPLACE MACRO premier_mois_garde() AS
    (SELECT CASE WHEN c = date_trunc('month', c)::DATE THEN c ELSE (date_trunc('month', c) + INTERVAL 1 MONTH)::DATE END
     FROM (SELECT coupure_purge() AS c));

-- Weekly activity per ISO week (`semaine`, its Monday) × school × profile:
-- accounts active (est_actif) in the week and their logins, over the whole
-- weeks from that of `debut` to the day `fin`; weeks without an active account
-- are absent. An account counts once in each school and profile it was active
-- in that week. Frozen weeks are read from the purge's rows.
CREATE OR REPLACE MACRO activite_ecole_semaine(debut, fin) AS TABLE
WITH compte_semaine AS (
    SELECT date_trunc('week', jour)::DATE AS semaine, uai, profil, compte,
           bool_or(est_actif(connexions, acces)) AS actif, sum(connexions) AS connexions
    FROM activite_jour
    WHERE jour BETWEEN greatest(date_trunc('week', debut)::DATE, coalesce(gel_limite() + 1, DATE '0001-01-01')) AND fin
    GROUP BY ALL
)
SELECT semaine, uai, profil, count(*) FILTER (WHERE actif) AS utilisateurs_actifs, sum(connexions)::BIGINT AS connexions
FROM compte_semaine GROUP BY ALL
HAVING count(*) FILTER (WHERE actif) > 0
UNION ALL
SELECT semaine, uai, profil, utilisateurs_actifs, connexions FROM gel_activite_semaine
WHERE semaine BETWEEN date_trunc('week', debut)::DATE AND fin;

-- A school's weekly active users in each ISO week from that of `debut` to the
-- day `fin` (activite_ecole_semaine over its profiles); a week without any is
-- absent (read it as 0).
CREATE OR REPLACE MACRO actifs_semaine(debut, fin) AS TABLE
SELECT semaine, uai, sum(utilisateurs_actifs)::BIGINT AS utilisateurs_actifs
FROM activite_ecole_semaine(debut, fin)
GROUP BY ALL;

-- Adoption per school × profile as of `jour_d` (docs/metrics.md): accounts,
-- distributed, activated, active in the 28 days ending that day.
CREATE OR REPLACE MACRO adoption_ecole(jour_d) AS TABLE
SELECT uai, profil, count(*) AS comptes, count(*) FILTER (WHERE distribue) AS comptes_distribues,
       count(*) FILTER (WHERE active) AS comptes_actives, count(*) FILTER (WHERE actif_28j) AS actifs_28j
FROM etat_comptes(jour_d) WHERE jour_fige(jour_d) IS NULL
GROUP BY uai, profil
UNION ALL
SELECT uai, profil, comptes, comptes_distribues, comptes_actives, actifs_28j
FROM gel_adoption WHERE dimanche = jour_fige(jour_d);

-- Users (distinct accounts) and accesses per school × service in the 28 days ending `jour_d`.
CREATE OR REPLACE MACRO usage_services_28j(jour_d) AS TABLE
SELECT uai, service, count(DISTINCT compte) AS utilisateurs_28j, sum(acces)::BIGINT AS acces_28j
FROM acces_service_jour
WHERE jour BETWEEN jour_d - 27 AND jour_d AND jour_fige(jour_d) IS NULL
GROUP BY ALL
UNION ALL
SELECT uai, service, utilisateurs_28j, acces_28j FROM gel_usage_services WHERE dimanche = jour_fige(jour_d);

-- The same per school × service group (an account counts once in a group
-- however many of its services it used).
CREATE OR REPLACE MACRO usage_groupes_28j(jour_d) AS TABLE
SELECT a.uai, s.groupe, count(DISTINCT a.compte) AS utilisateurs_28j, sum(a.acces)::BIGINT AS acces_28j
FROM acces_service_jour a JOIN services s USING (service)
WHERE a.jour BETWEEN jour_d - 27 AND jour_d AND jour_fige(jour_d) IS NULL
GROUP BY ALL
UNION ALL
SELECT uai, groupe, utilisateurs_28j, acces_28j FROM gel_usage_groupes WHERE dimanche = jour_fige(jour_d);
