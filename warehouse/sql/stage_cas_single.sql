-- Apereo CAS audit trail, one record a line:
--   WHEN,APPLICATION,WHAT,ACTION,WHO,CLIENT_IP,SERVER_IP
-- WHAT may itself hold commas, so fields are taken from both ends.
CREATE OR REPLACE TEMP TABLE stage AS
WITH l AS (
    SELECT fichier_id, line_no, line AS raw, encodage_ok FROM block
), s AS (
    SELECT *, string_split(raw, ',') AS champs FROM l
), f AS (
    SELECT *, len(champs) AS n,
        trim(champs[1]) AS quand,
        trim(champs[len(champs) - 3]) AS action,
        nullif(trim(champs[len(champs) - 2]), '') AS ident_brut,
        upper(replace(raw, ' ', '')) LIKE 'WHEN,APPLICATION,WHAT,ACTION,WHO%' AS entete
    FROM s
), t AS (
    SELECT *,
        coalesce(
            try_strptime(replace(replace(replace(replace(quand, ' CEST ', ' +0200 '), ' CET ', ' +0100 '),
                                         ' UTC ', ' +0000 '), ' GMT ', ' +0000 '),
                         '%a %b %d %H:%M:%S %z %Y'),
            try_cast(quand AS TIMESTAMPTZ)) AS ts
    FROM f
)
SELECT fichier_id, line_no,
       CASE WHEN n < 7 AND NOT entete THEN ligne_sure(champs, ',') ELSE raw END AS raw,
       ts,
       CASE action WHEN 'AUTHENTICATION_SUCCESS' THEN 'login' WHEN 'AUTHENTICATION_FAILED' THEN 'login_failed' END AS type,
       NULL::VARCHAR AS module,
       CASE WHEN n >= 7 THEN lower(ident_brut) END AS ident,
       CASE WHEN n >= 7 THEN ident_brut END AS ident_brut,
       NULL::VARCHAR AS ua, NULL::VARCHAR AS indice,
       CASE
           WHEN NOT encodage_ok THEN 'encodage illisible (UTF-8 attendu)'
           WHEN vide(raw) OR entete THEN NULL
           WHEN n < 7 THEN 'ligne CAS mal formée'
           WHEN action NOT IN ('AUTHENTICATION_SUCCESS', 'AUTHENTICATION_FAILED') THEN NULL
           WHEN ts IS NULL THEN 'date illisible'
           WHEN ts < TIMESTAMPTZ '2000-01-01 00:00:00+00' OR ts >= TIMESTAMPTZ '2100-01-01 00:00:00+00' THEN 'date invraisemblable'
           WHEN ident_brut IS NULL OR lower(ident_brut) = 'audit:unknown' THEN 'utilisateur manquant'
       END AS rejet,
       CASE
           WHEN encodage_ok AND vide(raw) THEN 'ligne vide'
           WHEN encodage_ok AND entete THEN 'en-tête'
           WHEN encodage_ok AND n >= 7 AND action NOT IN ('AUTHENTICATION_SUCCESS', 'AUTHENTICATION_FAILED') THEN 'action CAS non retenue'
       END AS ignore
FROM t
