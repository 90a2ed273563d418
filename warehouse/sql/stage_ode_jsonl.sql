-- ODE/Edifice event store, one JSON object a line (Mongo export of `events`).
-- `date` is epoch milliseconds UTC, an ISO string, or {"$date": ...}.
-- Each line is parsed once (one multi-path extraction); device classes are
-- computed once per distinct user agent of the block.
CREATE OR REPLACE TEMP TABLE stage AS
WITH p AS (
    SELECT line_no, line AS raw, encodage_ok,
           encodage_ok AND starts_with(ltrim(line), '{') AND json_valid(line) AS objet
    FROM block
), f AS (
    SELECT *,
        CASE WHEN objet THEN json_extract_string(raw, ['$."event-type"', '$."override-module"', '$.module', '$.userId', '$.ua']) END AS v,
        CASE WHEN objet THEN json_extract(raw, '$.date') END AS d
    FROM p
), g AS (
    SELECT line_no, raw, encodage_ok, objet, d,
        nullif(trim(v[1]), '') AS event_type,
        coalesce(nullif(trim(v[2]), ''), nullif(trim(v[3]), '')) AS module,
        nullif(trim(v[4]), '') AS ident_brut,
        v[5] AS ua
    FROM f
), t AS (
    SELECT *,
        CASE json_type(d)
            WHEN 'VARCHAR' THEN try_cast(d->>'$' AS TIMESTAMPTZ)
            WHEN 'OBJECT' THEN CASE json_type(d->'$."$date"')
                WHEN 'VARCHAR' THEN try_cast(d->>'$."$date"' AS TIMESTAMPTZ)
                WHEN 'OBJECT' THEN try_cast(epoch_ms(try_cast(d->>'$."$date"."$numberLong"' AS BIGINT)) AS TIMESTAMPTZ)
                ELSE try_cast(epoch_ms(try_cast(try_cast(d->>'$."$date"' AS DOUBLE) AS BIGINT)) AS TIMESTAMPTZ) END
            ELSE try_cast(epoch_ms(try_cast(try_cast(d::VARCHAR AS DOUBLE) AS BIGINT)) AS TIMESTAMPTZ)
        END AS ts,
        CASE upper(event_type) WHEN 'LOGIN' THEN 'login' WHEN 'ACTIVATION' THEN 'activation'
                               WHEN 'LOGIN_FAILED' THEN 'login_failed' WHEN 'LOGOUT' THEN NULL
                               ELSE 'access' END AS type
    FROM g
), appareils AS (
    SELECT ua, classe_appareil(ua, NULL) AS appareil FROM (SELECT DISTINCT ua FROM g WHERE ua IS NOT NULL)
)
SELECT line_no, raw, ts, type, module,
       lower(ident_brut) AS ident, ident_brut, t.ua, a.appareil,
       CASE
           WHEN NOT encodage_ok THEN 'encodage illisible (UTF-8 attendu)'
           WHEN vide(raw) THEN NULL
           WHEN NOT objet THEN 'json invalide'
           WHEN event_type IS NULL THEN 'type d''évènement manquant'
           WHEN upper(event_type) = 'LOGOUT' THEN NULL
           WHEN d IS NULL OR json_type(d) = 'NULL' THEN 'date manquante'
           WHEN ts IS NULL THEN 'date illisible'
           WHEN ts < TIMESTAMPTZ '2000-01-01 00:00:00+00' OR ts >= TIMESTAMPTZ '2100-01-01 00:00:00+00' THEN 'date invraisemblable'
           WHEN ident_brut IS NULL THEN 'utilisateur manquant'
           WHEN type = 'access' AND module IS NULL THEN 'module manquant'
       END AS rejet,
       CASE
           WHEN encodage_ok AND vide(raw) THEN 'ligne vide'
           WHEN objet AND upper(event_type) = 'LOGOUT' THEN 'déconnexion'
       END AS ignore
FROM t LEFT JOIN appareils a ON a.ua = t.ua
