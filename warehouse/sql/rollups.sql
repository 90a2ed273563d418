-- Rollups the pages and exports read instead of the raw events, for the
-- Paris days $debut..$fin: the writer refreshes, at the end of every load,
-- the days that load touched (every day after a reference load, which can
-- change accounts and services). Each day is rebuilt whole from the events.

-- Each event with the version of its account that held on its day: school,
-- profile and class are always the account's (DESIGN §2.2).
-- An event before the account's first version (an account first seen in a
-- later export) takes that first version; one after its closure, the last.
-- Events are first counted per account, day, kind and module: the version
-- is then looked up once per group rather than once per event.
CREATE OR REPLACE TEMP TABLE evenements_comptes AS
WITH groupes AS (
    SELECT jour, compte, type, module, count(*)::INTEGER AS n
    FROM evenements
    WHERE jour BETWEEN $debut AND $fin
    GROUP BY ALL
), versions AS (
    SELECT compte, uai, profil, coalesce(valide_depuis, DATE '0001-01-01') AS depuis,
           row_number() OVER (PARTITION BY compte ORDER BY coalesce(valide_depuis, DATE '0001-01-01')) AS rang
    FROM comptes
)
SELECT g.jour, g.type, g.module, g.compte, g.n,
       coalesce(v.uai, f.uai) AS uai, coalesce(v.profil, f.profil) AS profil
FROM groupes g
ASOF LEFT JOIN versions v ON v.compte = g.compte AND g.jour >= v.depuis
LEFT JOIN versions f ON f.compte = g.compte AND f.rang = 1;

DELETE FROM activite_jour WHERE jour BETWEEN $debut AND $fin;

-- One row per account and day with any event.
INSERT INTO activite_jour
SELECT jour, compte, any_value(uai) AS uai, any_value(profil) AS profil,
       coalesce(sum(n) FILTER (WHERE type = 'login'), 0)::INTEGER AS connexions,
       coalesce(sum(n) FILTER (WHERE type = 'access'), 0)::INTEGER AS acces,
       coalesce(sum(n) FILTER (WHERE type = 'login_failed'), 0)::INTEGER AS echecs,
       coalesce(sum(n) FILTER (WHERE type = 'activation'), 0)::INTEGER AS activations
FROM evenements_comptes
GROUP BY jour, compte
ORDER BY jour, compte;

DELETE FROM acces_service_jour WHERE jour BETWEEN $debut AND $fin;

-- Access events per account, day and service (the module when no service names it).
INSERT INTO acces_service_jour
SELECT e.jour, e.compte, any_value(e.uai) AS uai, coalesce(m.service, e.module) AS service,
       m.service IS NULL AS module_inconnu, sum(e.n)::INTEGER AS acces
FROM evenements_comptes e
LEFT JOIN modules m ON m.module = lower(e.module)
WHERE e.type = 'access'
GROUP BY e.jour, e.compte, coalesce(m.service, e.module), m.service IS NULL
ORDER BY e.jour, e.compte;

-- The first day each account used the ENT (activation, login or access).
CREATE OR REPLACE TABLE premiere_activite AS
SELECT compte, min(jour) AS jour
FROM activite_jour
WHERE connexions + acces + activations > 0
GROUP BY compte;

DROP TABLE evenements_comptes;
