-- Generic CSV: horodatage; utilisateur; service; action. `horodatage` is
-- ISO 8601 with an offset, or Paris local time without one.
-- Fields come from `lus` (lus_csv_lignes or lus_csv_rapide).
WITH f AS (
    SELECT *,
        sans_espaces(champs[$i_date]) AS d,
        sans_espaces(champs[$i_user]) AS ident_brut,
        sans_espaces(champs[$i_service]) AS module,
        -- The spellings exports write, directly; any other through the
        -- normalisation (accents, case, punctuation), which costs far more.
        CASE champs[$i_action] WHEN 'connexion' THEN 'connexion' WHEN 'acces' THEN 'acces'
                               WHEN 'echec_connexion' THEN 'echecconnexion'
             ELSE regexp_replace(strip_accents(lower(trim(coalesce(champs[$i_action], '')))), '[^a-z]', '', 'g')
        END AS action
    FROM lus
), t AS (
    SELECT *,
        CASE WHEN regexp_matches(d, '(Z|[+-][0-9]{2}:?[0-9]{2})$') THEN try_cast(d AS TIMESTAMPTZ)
             ELSE timezone('Europe/Paris', coalesce(try_cast(d AS TIMESTAMP),
                                                    try_strptime(d, '%d/%m/%Y %H:%M:%S'),
                                                    try_strptime(d, '%d/%m/%Y %H:%M')))
        END AS ts,
        CASE action WHEN 'connexion' THEN 'login' WHEN 'acces' THEN 'access'
                    WHEN 'echecconnexion' THEN 'login_failed' END AS type
    FROM f
)
SELECT fichier_id, line_no,
       raw,
       ts, type, module,
       lower(ident_brut) AS ident, ident_brut, NULL::VARCHAR AS ua, NULL::VARCHAR AS indice,
       CASE
           WHEN NOT encodage_ok THEN 'encodage illisible'
           WHEN vide(raw) OR raw = $header THEN NULL
           WHEN len(champs) <> $ncols THEN 'nombre de colonnes incorrect (' || len(champs) || ' au lieu de ' || $ncols || ')'
           WHEN d IS NULL THEN 'date manquante'
           WHEN ts IS NULL THEN 'date illisible'
           WHEN date_invraisemblable(ts) THEN 'date invraisemblable'
           WHEN ident_brut IS NULL THEN 'utilisateur manquant'
           WHEN type IS NULL THEN 'action inconnue'
           WHEN type = 'access' AND module IS NULL THEN 'service manquant'
       END AS rejet,
       CASE
           WHEN encodage_ok AND vide(raw) THEN 'ligne vide'
           WHEN encodage_ok AND raw = $header THEN 'en-tête'
       END AS ignore
FROM t
