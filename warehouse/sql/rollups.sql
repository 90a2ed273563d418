-- Rollups the pages and exports read instead of the raw events. Rebuilt by
-- the writer at the end of every load, so they always match the events.

-- Each event with the version of its account that held on its day: school,
-- profile and class are always the account's (DESIGN §2.2).
-- An event before the account's first version (an account first seen in a
-- later export) takes that first version; one after its closure, the last.
CREATE OR REPLACE TEMP TABLE evenements_comptes AS
WITH versions AS (
    SELECT compte, uai, profil, classe, coalesce(valide_depuis, DATE '0001-01-01') AS depuis,
           row_number() OVER (PARTITION BY compte ORDER BY coalesce(valide_depuis, DATE '0001-01-01')) AS rang
    FROM comptes
)
SELECT e.jour, e.type, e.module, e.compte,
       coalesce(v.uai, f.uai) AS uai, coalesce(v.profil, f.profil) AS profil, coalesce(v.classe, f.classe) AS classe
FROM evenements e
ASOF LEFT JOIN versions v ON v.compte = e.compte AND e.jour >= v.depuis
LEFT JOIN versions f ON f.compte = e.compte AND f.rang = 1;

-- One row per account and day with any event.
CREATE OR REPLACE TABLE activite_jour AS
SELECT jour, compte, any_value(uai) AS uai, any_value(profil) AS profil,
       count(*) FILTER (WHERE type = 'login')::INTEGER AS connexions,
       count(*) FILTER (WHERE type = 'access')::INTEGER AS acces,
       count(*) FILTER (WHERE type = 'login_failed')::INTEGER AS echecs,
       count(*) FILTER (WHERE type = 'activation')::INTEGER AS activations
FROM evenements_comptes
GROUP BY jour, compte
ORDER BY jour, compte;

-- Access events per account, day and service (the module when no service names it).
CREATE OR REPLACE TABLE acces_service_jour AS
SELECT e.jour, e.compte, any_value(e.uai) AS uai, coalesce(m.service, e.module) AS service,
       m.service IS NULL AS module_inconnu, count(*)::INTEGER AS acces
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
