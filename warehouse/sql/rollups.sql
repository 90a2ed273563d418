-- Rollups the pages and exports read instead of the raw events, for the
-- Paris days $debut..$fin: the writer refreshes, at the end of every load,
-- the days that load touched (every day after a reference load, which can
-- change accounts and services). Each day is rebuilt whole from the events.

-- Events counted per account and day first; the account's version is then
-- looked up once per account-day rather than once per event.
CREATE OR REPLACE TEMP TABLE compte_jour AS
SELECT jour, compte,
       count(*) FILTER (WHERE type = 'login')::INTEGER AS connexions,
       count(*) FILTER (WHERE type = 'access')::INTEGER AS acces,
       count(*) FILTER (WHERE type = 'login_failed')::INTEGER AS echecs,
       count(*) FILTER (WHERE type = 'activation')::INTEGER AS activations
FROM evenements
WHERE jour BETWEEN $debut AND $fin
GROUP BY jour, compte;

DELETE FROM activite_jour WHERE jour BETWEEN $debut AND $fin;

-- One row per account and day with any event, with the version of its
-- account that held on that day: school and profile are always the
-- account's (DESIGN §2.2). A day before the account's first version (an
-- account first seen in a later export) takes that first version; one
-- after its closure, the last.
INSERT INTO activite_jour
WITH versions AS (
    SELECT compte, uai, profil, coalesce(valide_depuis, DATE '0001-01-01') AS depuis,
           row_number() OVER (PARTITION BY compte ORDER BY coalesce(valide_depuis, DATE '0001-01-01')) AS rang
    FROM comptes
)
SELECT c.jour, c.compte, coalesce(v.uai, f.uai) AS uai, coalesce(v.profil, f.profil) AS profil,
       c.connexions, c.acces, c.echecs, c.activations
FROM compte_jour c
ASOF LEFT JOIN versions v ON v.compte = c.compte AND c.jour >= v.depuis
LEFT JOIN versions f ON f.compte = c.compte AND f.rang = 1
ORDER BY c.jour, c.compte;

DELETE FROM acces_service_jour WHERE jour BETWEEN $debut AND $fin;

-- Access events per account, day and service (the module when no service
-- names it), with the school of the account's day above.
INSERT INTO acces_service_jour
WITH par_module AS (
    SELECT jour, compte, module, count(*)::INTEGER AS acces
    FROM evenements
    WHERE jour BETWEEN $debut AND $fin AND type = 'access'
    GROUP BY jour, compte, module
)
SELECT p.jour, p.compte, a.uai, coalesce(m.service, p.module) AS service,
       m.service IS NULL AS module_inconnu, sum(p.acces)::INTEGER AS acces
FROM par_module p
JOIN activite_jour a ON a.jour = p.jour AND a.compte = p.compte AND a.jour BETWEEN $debut AND $fin
LEFT JOIN modules m ON m.module = lower(p.module)
GROUP BY p.jour, p.compte, a.uai, coalesce(m.service, p.module), m.service IS NULL
ORDER BY p.jour, p.compte;

-- Events per month, kind and module as written (for `ingest status` and
-- the data quality page): the months the refreshed days fall in, whole.
DELETE FROM evenements_mois
WHERE mois >= date_trunc('month', $debut::DATE) AND mois <= date_trunc('month', $fin::DATE);

INSERT INTO evenements_mois
SELECT date_trunc('month', jour)::DATE AS mois, type, module, count(*) AS n
FROM evenements
WHERE jour >= date_trunc('month', $debut::DATE) AND date_trunc('month', jour) <= date_trunc('month', $fin::DATE)
GROUP BY ALL;

-- The first day each account used the ENT (activation, login or access).
CREATE OR REPLACE TABLE premiere_activite AS
SELECT compte, min(jour) AS jour
FROM activite_jour
WHERE connexions + acces + activations > 0
GROUP BY compte;

DROP TABLE compte_jour;
