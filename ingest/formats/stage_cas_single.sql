-- Apereo CAS audit trail, one record a line:
--   WHEN,APPLICATION,WHAT,ACTION,WHO,CLIENT_IP,SERVER_IP
-- WHAT may itself hold commas and a line may carry extra trailing fields, so
-- the ACTION is found as the last upper-case word followed by WHO and the two
-- addresses.
CREATE OR REPLACE TEMP TABLE stage AS
WITH l AS (
    SELECT fichier_id, line_no, line AS raw, encodage_ok FROM block
), f AS (
    SELECT *,
        regexp_extract(raw, '^([^,]*),([^,]*),(.*),([A-Z][A-Z_]+),([^,]*),([^,]*),([^,]*)(?:,.*)?$',
                       ['quand', 'application', 'quoi', 'action', 'qui', 'ip_client', 'ip_serveur']) AS c,
        upper(replace(raw, ' ', '')) LIKE 'WHEN,APPLICATION,WHAT,ACTION,WHO%' AS entete
    FROM l
), g AS (
    SELECT *, nullif(c.quand, '') IS NOT NULL AS lisible, trim(c.quand) AS quand, c.action AS action,
           nullif(trim(c.qui), '') AS ident_brut
    FROM f
), t AS (
    SELECT *, lire_quand_cas(quand) AS ts FROM g
)
SELECT fichier_id, line_no,
       raw,
       ts,
       CASE action WHEN 'AUTHENTICATION_SUCCESS' THEN 'login' WHEN 'AUTHENTICATION_FAILED' THEN 'login_failed' END AS type,
       NULL::VARCHAR AS module,
       CASE WHEN lisible THEN lower(ident_brut) END AS ident,
       CASE WHEN lisible THEN ident_brut END AS ident_brut,
       NULL::VARCHAR AS ua, NULL::VARCHAR AS indice,
       CASE
           WHEN NOT encodage_ok THEN 'encodage illisible (UTF-8 attendu)'
           WHEN vide(raw) OR entete THEN NULL
           WHEN NOT lisible THEN 'ligne CAS mal formée'
           WHEN action NOT IN ('AUTHENTICATION_SUCCESS', 'AUTHENTICATION_FAILED') THEN NULL
           WHEN ts IS NULL THEN 'date illisible'
           WHEN date_invraisemblable(ts) THEN 'date invraisemblable'
           WHEN ident_brut IS NULL OR lower(ident_brut) = 'audit:unknown' THEN 'utilisateur manquant'
       END AS rejet,
       CASE
           WHEN encodage_ok AND vide(raw) THEN 'ligne vide'
           WHEN encodage_ok AND entete THEN 'en-tête'
           WHEN encodage_ok AND lisible AND action NOT IN ('AUTHENTICATION_SUCCESS', 'AUTHENTICATION_FAILED') THEN 'action CAS non retenue'
       END AS ignore
FROM t
