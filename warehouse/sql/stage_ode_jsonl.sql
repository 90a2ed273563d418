-- ODE/Edifice event store, one JSON object a line (Mongo export of `events`).
-- `date` is epoch milliseconds UTC, an ISO string, or {"$date": ...}.
CREATE OR REPLACE TEMP TABLE stage AS
WITH l AS (
    SELECT line_no, rtrim(line, chr(13) || chr(10)) AS raw, encodage_ok FROM block
), p AS (
    SELECT *, CASE WHEN encodage_ok AND json_valid(raw) AND json_type(raw::JSON) = 'OBJECT'
                   THEN raw::JSON END AS j
    FROM l
), f AS (
    SELECT *,
        nullif(trim(j->>'$."event-type"'), '') AS event_type,
        coalesce(nullif(trim(j->>'$."override-module"'), ''), nullif(trim(j->>'$.module'), '')) AS module,
        j->'$.date' AS d,
        nullif(trim(j->>'$.userId'), '') AS ident_brut,
        j->>'$.ua' AS ua
    FROM p
), t AS (
    SELECT *,
        CASE json_type(d)
            WHEN 'VARCHAR' THEN try_cast(d->>'$' AS TIMESTAMPTZ)
            WHEN 'OBJECT' THEN CASE json_type(d->'$."$date"')
                WHEN 'VARCHAR' THEN try_cast(d->>'$."$date"' AS TIMESTAMPTZ)
                WHEN 'OBJECT' THEN try_cast(epoch_ms(try_cast(d->>'$."$date"."$numberLong"' AS BIGINT)) AS TIMESTAMPTZ)
                ELSE try_cast(epoch_ms(try_cast(try_cast(d->>'$."$date"' AS DOUBLE) AS BIGINT)) AS TIMESTAMPTZ) END
            ELSE try_cast(epoch_ms(try_cast(try_cast(d->>'$' AS DOUBLE) AS BIGINT)) AS TIMESTAMPTZ)
        END AS ts,
        CASE upper(event_type) WHEN 'LOGIN' THEN 'login' WHEN 'ACTIVATION' THEN 'activation'
                               WHEN 'LOGIN_FAILED' THEN 'login_failed' WHEN 'LOGOUT' THEN NULL
                               ELSE 'access' END AS type
    FROM f
)
SELECT line_no, raw, ts, type, module,
       lower(ident_brut) AS ident, ident_brut, ua,
       classe_appareil(ua, NULL) AS appareil,
       CASE
           WHEN NOT encodage_ok THEN 'encodage illisible (UTF-8 attendu)'
           WHEN trim(raw) = '' THEN NULL
           WHEN j IS NULL THEN 'json invalide'
           WHEN event_type IS NULL THEN 'type d''évènement manquant'
           WHEN upper(event_type) = 'LOGOUT' THEN NULL
           WHEN d IS NULL OR json_type(d) = 'NULL' THEN 'date manquante'
           WHEN ts IS NULL THEN 'date illisible'
           WHEN ts < TIMESTAMPTZ '2000-01-01 00:00:00+00' OR ts >= TIMESTAMPTZ '2100-01-01 00:00:00+00' THEN 'date invraisemblable'
           WHEN ident_brut IS NULL THEN 'utilisateur manquant'
           WHEN type = 'access' AND module IS NULL THEN 'module manquant'
       END AS rejet,
       CASE
           WHEN encodage_ok AND trim(raw) = '' THEN 'ligne vide'
           WHEN j IS NOT NULL AND upper(event_type) = 'LOGOUT' THEN 'déconnexion'
       END AS ignore
FROM t
