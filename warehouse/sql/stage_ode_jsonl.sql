-- ODE/Edifice event store, one JSON object a line (Mongo export of `events`).
-- `date` is epoch milliseconds UTC, an ISO string, or {"$date": ...}.
-- Each line is parsed once (one multi-path extraction), in one streaming
-- pipeline; the raw text is kept only for rejected lines.
CREATE OR REPLACE TEMP TABLE stage AS
WITH f AS (
    SELECT fichier_id, line_no, line AS raw, encodage_ok, objet,
        CASE WHEN objet THEN json_extract_string(line, ['$."event-type"', '$."override-module"', '$.module', '$.userId', '$.ua']) END AS v,
        CASE WHEN objet THEN json_extract(line, '$.date') END AS d
    FROM (SELECT *, encodage_ok AND starts_with(ltrim(line), '{') AND json_valid(line) AS objet FROM block)
), g AS (
    SELECT fichier_id, line_no, raw, encodage_ok, objet, d, json_type(d) AS d_type,
        nullif(trim(v[1]), '') AS event_type,
        upper(nullif(trim(v[1]), '')) AS event_type_maj,
        coalesce(nullif(trim(v[2]), ''), nullif(trim(v[3]), '')) AS module,
        nullif(trim(v[4]), '') AS ident_brut,
        v[5] AS ua
    FROM f
), t AS (
    SELECT *,
        CASE d_type
            WHEN 'UBIGINT' THEN try_cast(epoch_ms(try_cast(d AS BIGINT)) AS TIMESTAMPTZ)
            WHEN 'BIGINT' THEN try_cast(epoch_ms(try_cast(d AS BIGINT)) AS TIMESTAMPTZ)
            WHEN 'VARCHAR' THEN lire_date_json(d->>'$')
            WHEN 'OBJECT' THEN CASE json_type(d->'$."$date"')
                WHEN 'VARCHAR' THEN lire_date_json(d->>'$."$date"')
                WHEN 'OBJECT' THEN try_cast(epoch_ms(try_cast(d->>'$."$date"."$numberLong"' AS BIGINT)) AS TIMESTAMPTZ)
                ELSE try_cast(epoch_ms(try_cast(try_cast(d->>'$."$date"' AS DOUBLE) AS BIGINT)) AS TIMESTAMPTZ) END
            ELSE try_cast(epoch_ms(try_cast(try_cast(d::VARCHAR AS DOUBLE) AS BIGINT)) AS TIMESTAMPTZ)
        END AS ts,
        CASE event_type_maj WHEN 'LOGIN' THEN 'login' WHEN 'ACTIVATION' THEN 'activation'
                            WHEN 'LOGIN_FAILED' THEN 'login_failed' WHEN 'LOGOUT' THEN NULL
                            ELSE 'access' END AS type,
        NOT objet AND encodage_ok AND vide(raw) AS blanc
    FROM g
), r AS (
    SELECT *,
        CASE
            WHEN NOT encodage_ok THEN 'encodage illisible (UTF-8 attendu)'
            WHEN blanc THEN NULL
            WHEN NOT objet THEN 'json invalide'
            WHEN event_type IS NULL THEN 'type d''évènement manquant'
            WHEN event_type_maj = 'LOGOUT' THEN NULL
            WHEN d IS NULL OR d_type = 'NULL' THEN 'date manquante'
            WHEN ts IS NULL THEN 'date illisible'
            WHEN date_invraisemblable(ts) THEN 'date invraisemblable'
            WHEN ident_brut IS NULL THEN 'utilisateur manquant'
            WHEN type = 'access' AND module IS NULL THEN 'module manquant'
        END AS rejet
    FROM t
)
SELECT fichier_id, line_no, CASE WHEN rejet IS NOT NULL THEN raw END AS raw, ts, type, module,
       lower(ident_brut) AS ident, ident_brut, ua, NULL::VARCHAR AS indice,
       rejet,
       CASE WHEN blanc THEN 'ligne vide'
            WHEN objet AND event_type_maj = 'LOGOUT' THEN 'déconnexion' END AS ignore
FROM r
