-- Rollups the pages and exports read instead of the raw events, for the
-- Paris days $debut..$fin: the writer refreshes, at the end of every load,
-- the days that load touched (every day after a reference load, which can
-- change accounts and services). Each day is rebuilt whole from the events.

-- School and profile are always those of the account's version that held
-- on that day (docs/inputs.md): each version as a span of days [depuis, avant),
-- looked up by a hash join on the account. The first version also covers
-- the days before it (an account first seen in a later export), the last
-- one those after the account's closure. Should two versions start the
-- same day, the closed one comes first, so the open one holds whatever
-- order the rows are in.
CREATE OR REPLACE TEMP TABLE versions_jours AS
SELECT compte, uai, profil,
       CASE WHEN row_number() OVER w = 1 THEN DATE '0001-01-01' ELSE depuis END AS depuis,
       coalesce(lead(depuis) OVER w, DATE '9999-12-31') AS avant
FROM (SELECT *, coalesce(valide_depuis, DATE '0001-01-01') AS depuis FROM comptes)
WINDOW w AS (PARTITION BY compte ORDER BY depuis, valide_jusqu_au NULLS LAST);

DELETE FROM activite_jour WHERE jour BETWEEN $debut AND $fin;

-- One row per account and day with any event: events counted per account
-- and day first, so the version is looked up once per account-day.
INSERT INTO activite_jour
WITH comptes_jours AS (
    SELECT jour, compte,
           count(*) FILTER (WHERE type = 'login')::INTEGER AS connexions,
           count(*) FILTER (WHERE type = 'access')::INTEGER AS acces,
           count(*) FILTER (WHERE type = 'login_failed')::INTEGER AS echecs,
           count(*) FILTER (WHERE type = 'activation')::INTEGER AS activations
    FROM evenements
    WHERE jour BETWEEN $debut AND $fin
    GROUP BY jour, compte
)
SELECT c.jour, c.compte, v.uai, v.profil, c.connexions, c.acces, c.echecs, c.activations
FROM comptes_jours c
LEFT JOIN versions_jours v ON v.compte = c.compte AND c.jour >= v.depuis AND c.jour < v.avant
ORDER BY c.jour, c.compte;

DELETE FROM acces_service_jour WHERE jour BETWEEN $debut AND $fin;

-- Access events per account, day and service (the module when no service
-- names it), with the school of the account's day.
INSERT INTO acces_service_jour
WITH par_service AS (
    SELECT e.jour, e.compte, coalesce(m.service, e.module) AS service, m.service IS NULL AS module_inconnu,
           count(*)::INTEGER AS acces
    FROM evenements e
    LEFT JOIN modules m ON m.module = lower(e.module)
    WHERE e.jour BETWEEN $debut AND $fin AND e.type = 'access'
    GROUP BY ALL
)
SELECT p.jour, p.compte, v.uai, p.service, p.module_inconnu, p.acces
FROM par_service p
LEFT JOIN versions_jours v ON v.compte = p.compte AND p.jour >= v.depuis AND p.jour < v.avant
ORDER BY p.jour, p.compte;

-- Events per month, kind and module as written (for `ingest status` and
-- the data quality page): the months the refreshed days fall in, whole; never
-- those before a retention purge's cut-off (their events are gone, their counts stay).
DELETE FROM evenements_mois
WHERE mois >= greatest(date_trunc('month', $debut::DATE)::DATE, premier_mois_garde()) AND mois <= date_trunc('month', $fin::DATE);

INSERT INTO evenements_mois
SELECT date_trunc('month', jour)::DATE AS mois, type, module, count(*) AS n
FROM evenements
WHERE jour >= greatest(date_trunc('month', $debut::DATE)::DATE, premier_mois_garde()) AND date_trunc('month', jour) <= date_trunc('month', $fin::DATE)
GROUP BY ALL;

-- The first day each account used the ENT (activation, login or access): a
-- fact about the account, like its activation date, kept past a retention
-- purge (the days before its cut-off have no daily rows any more).
CREATE OR REPLACE TABLE premiere_activite AS
SELECT compte, min(jour) AS jour
FROM (
    SELECT compte, jour FROM premiere_activite WHERE jour < coupure_purge()
    UNION ALL
    SELECT compte, jour FROM activite_jour WHERE connexions + acces + activations > 0
)
GROUP BY compte;

DROP TABLE versions_jours;

DELETE FROM connexions_heure WHERE jour BETWEEN greatest($debut::DATE, coupure_purge()) AND $fin;

-- Logins and failed logins per Paris day and hour, territory-wide (kept past a retention purge, like the months).
INSERT INTO connexions_heure
SELECT jour, heure, count(*) FILTER (WHERE type = 'login'), count(*) FILTER (WHERE type = 'login_failed')
FROM evenements
WHERE jour BETWEEN greatest($debut::DATE, coupure_purge()) AND $fin AND type IN ('login', 'login_failed')
GROUP BY jour, heure
ORDER BY jour, heure;
