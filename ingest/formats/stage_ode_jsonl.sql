-- ODE/Edifice event store, one JSON object a line (Mongo export of `events`),
-- from `lus` (lus_ode_jsonl_lignes or lus_ode_jsonl_rapide): the same rules
-- whichever way the lines were read. The raw text is kept only for rejected lines.
WITH g AS (
    SELECT fichier_id, line_no, raw, encodage_ok, objet, date_presente, ts,
        sans_espaces(event_type) AS event_type,
        upper(sans_espaces(event_type)) AS event_type_maj,
        coalesce(sans_espaces(override_module), sans_espaces(module)) AS module,
        sans_espaces(ident) AS ident_brut,
        ua
    FROM lus
), t AS (
    SELECT *,
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
            WHEN NOT date_presente THEN 'date manquante'
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
