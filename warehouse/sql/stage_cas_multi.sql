-- Apereo CAS audit trail, multi-line records:
--   ... Audit trail record BEGIN / ===== / WHO: / WHAT: / ACTION: /
--   APPLICATION: / WHEN: / CLIENT IP ADDRESS: / SERVER IP ADDRESS: / =====
-- One stage row per record (at its BEGIN line) and one per line outside any
-- record. Blocks are cut before a BEGIN line, so no record spans two blocks.
CREATE OR REPLACE TEMP TABLE stage AS
WITH l AS (
    SELECT fichier_id, line_no, line AS raw, encodage_ok FROM block
), m AS (
    SELECT *,
        contains(raw, 'Audit trail record BEGIN') AS debut,
        regexp_matches(raw, '^\s*=+\s*$') AS separateur
    FROM l
), g AS (
    SELECT *, sum(debut::INTEGER) OVER (PARTITION BY fichier_id ORDER BY line_no) AS rec FROM m
), s AS (
    SELECT *, sum(separateur::INTEGER) OVER (PARTITION BY fichier_id, rec ORDER BY line_no) AS nsep FROM g
), marque AS (
    -- Inside a record: its BEGIN line, the lines up to and including the closing separator.
    SELECT *, rec > 0 AND (debut OR nsep <= 1 OR (nsep = 2 AND separateur)) AS dedans FROM s
), champs AS (
    SELECT fichier_id, rec,
        min(line_no) AS line_no,
        string_agg(raw, chr(10) ORDER BY line_no) AS raw,
        bool_and(encodage_ok) AS encodage_ok,
        max(nsep) >= 2 AS complet,
        max(CASE WHEN starts_with(raw, 'WHO:') THEN nullif(trim(raw[5:]), '') END) AS ident_brut,
        max(CASE WHEN starts_with(raw, 'ACTION:') THEN trim(raw[8:]) END) AS action,
        max(CASE WHEN starts_with(raw, 'WHEN:') THEN trim(raw[6:]) END) AS quand
    FROM marque WHERE dedans
    GROUP BY fichier_id, rec
), enregistrements AS (
    SELECT fichier_id, line_no, raw, encodage_ok, complet, ident_brut, action, quand,
        lire_quand_cas(quand) AS ts
    FROM champs
)
SELECT fichier_id, line_no, raw, ts,
       CASE action WHEN 'AUTHENTICATION_SUCCESS' THEN 'login' WHEN 'AUTHENTICATION_FAILED' THEN 'login_failed' END AS type,
       NULL::VARCHAR AS module,
       lower(ident_brut) AS ident, ident_brut, NULL::VARCHAR AS ua, NULL::VARCHAR AS indice,
       CASE
           WHEN NOT encodage_ok THEN 'encodage illisible (UTF-8 attendu)'
           WHEN NOT complet OR action IS NULL OR quand IS NULL THEN 'enregistrement CAS incomplet'
           WHEN action NOT IN ('AUTHENTICATION_SUCCESS', 'AUTHENTICATION_FAILED') THEN NULL
           WHEN ts IS NULL THEN 'date illisible'
           WHEN date_invraisemblable(ts) THEN 'date invraisemblable'
           WHEN ident_brut IS NULL OR lower(ident_brut) = 'audit:unknown' THEN 'utilisateur manquant'
       END AS rejet,
       CASE WHEN encodage_ok AND complet AND action IS NOT NULL AND quand IS NOT NULL
                 AND action NOT IN ('AUTHENTICATION_SUCCESS', 'AUTHENTICATION_FAILED')
            THEN 'action CAS non retenue' END AS ignore
FROM enregistrements
UNION ALL
SELECT fichier_id, line_no, raw, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
       CASE WHEN NOT encodage_ok THEN 'encodage illisible (UTF-8 attendu)'
            WHEN NOT vide(raw) THEN 'ligne hors enregistrement CAS' END,
       CASE WHEN encodage_ok AND vide(raw) THEN 'ligne vide' END
FROM marque WHERE NOT dedans
