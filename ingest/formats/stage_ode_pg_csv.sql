-- ODE/Edifice event store exported from PostgreSQL as CSV. Column positions
-- come from the header ($i_* are 1-based, NULL when the column is absent).
-- `date` is UTC unless it carries an offset.
-- Fields come from `lus` (lus_csv_lignes or lus_csv_rapide).
WITH f AS (
    SELECT *,
        sans_espaces(champs[$i_date]) AS d,
        sans_espaces(champs[$i_type]) AS event_type,
        sans_espaces(champs[$i_module]) AS module,
        sans_espaces(champs[$i_user]) AS ident_brut,
        CASE WHEN $i_ua IS NOT NULL THEN champs[$i_ua] END AS ua,
        CASE WHEN $i_device IS NOT NULL THEN champs[$i_device] END AS indice
    FROM lus
), t AS (
    SELECT *,
        try_cast(d AS TIMESTAMPTZ) AS ts,
        CASE upper(event_type) WHEN 'LOGIN' THEN 'login' WHEN 'ACTIVATION' THEN 'activation'
                               WHEN 'LOGIN_FAILED' THEN 'login_failed' WHEN 'LOGOUT' THEN NULL
                               ELSE 'access' END AS type
    FROM f
)
SELECT fichier_id, line_no,
       raw,
       ts, type, module,
       lower(ident_brut) AS ident, ident_brut, ua, indice,
       CASE
           WHEN NOT encodage_ok THEN 'encodage illisible (UTF-8 attendu)'
           WHEN vide(raw) OR raw = $header THEN NULL
           WHEN len(champs) <> $ncols THEN 'nombre de colonnes incorrect (' || len(champs) || ' au lieu de ' || $ncols || ')'
           WHEN event_type IS NULL THEN 'type d''évènement manquant'
           WHEN upper(event_type) = 'LOGOUT' THEN NULL
           WHEN d IS NULL THEN 'date manquante'
           WHEN ts IS NULL THEN 'date illisible'
           WHEN date_invraisemblable(ts) THEN 'date invraisemblable'
           WHEN ident_brut IS NULL THEN 'utilisateur manquant'
           WHEN type = 'access' AND module IS NULL THEN 'module manquant'
       END AS rejet,
       CASE
           WHEN encodage_ok AND vide(raw) THEN 'ligne vide'
           WHEN encodage_ok AND raw = $header THEN 'en-tête'
           WHEN encodage_ok AND len(champs) = $ncols AND upper(event_type) = 'LOGOUT' THEN 'déconnexion'
       END AS ignore
FROM t
