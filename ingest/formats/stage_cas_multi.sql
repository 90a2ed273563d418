-- Apereo CAS audit trail, multi-line records:
--   ... Audit trail record BEGIN / ===== / WHO: / WHAT: / ACTION: /
--   APPLICATION: / WHEN: / CLIENT IP ADDRESS: / SERVER IP ADDRESS: / =====
-- One stage row per record (at its BEGIN line) and one per line outside any
-- record. Blocks are cut before a BEGIN line, so no record spans two blocks.
CREATE OR REPLACE TEMP TABLE stage AS
WITH marque AS (
    -- `rec` (record number in the block) and `nsep` (separators so far in the
    -- record) come from ingest/formats/cas.py. Inside a record: its BEGIN line
    -- and the lines up to and including the closing separator.
    SELECT fichier_id, line_no, line AS raw, encodage_ok, debut, separateur, rec, nsep,
           rec > 0 AND (debut OR nsep <= 1 OR (nsep = 2 AND separateur)) AS dedans
    FROM block
), champs AS (
    SELECT fichier_id, rec,
        min(line_no) AS line_no,
        bool_and(encodage_ok) AS encodage_ok,
        max(nsep) >= 2 AS complet,
        max(CASE WHEN starts_with(raw, 'WHO:') THEN nullif(trim(raw[5:]), '') END) AS ident_brut,
        max(CASE WHEN starts_with(raw, 'ACTION:') THEN trim(raw[8:]) END) AS action,
        max(CASE WHEN starts_with(raw, 'WHEN:') THEN trim(raw[6:]) END) AS quand
    FROM marque WHERE dedans
    GROUP BY fichier_id, rec
), enregistrements AS (
    SELECT fichier_id, rec, line_no, encodage_ok, complet, ident_brut, action, quand,
        lire_quand_cas(quand) AS ts
    FROM champs
), juges AS (
    SELECT *, rejet_cas(encodage_ok, complet, action, quand, ts, ident_brut) AS rejet
    FROM enregistrements
), bruts AS (
    -- The raw text of a record, rebuilt only for the rejected ones.
    SELECT m.fichier_id, m.rec, string_agg(m.raw, chr(10) ORDER BY m.line_no) AS raw
    FROM marque m SEMI JOIN (SELECT fichier_id, rec FROM juges WHERE rejet IS NOT NULL) r
      ON r.fichier_id = m.fichier_id AND r.rec = m.rec
    WHERE m.dedans
    GROUP BY m.fichier_id, m.rec
)
SELECT j.fichier_id, j.line_no, b.raw, j.ts, type_cas(j.action) AS type, NULL::VARCHAR AS module,
       lower(j.ident_brut) AS ident, j.ident_brut, NULL::VARCHAR AS ua, NULL::VARCHAR AS indice,
       j.rejet, ignore_cas(j.encodage_ok, j.complet, j.action, j.quand) AS ignore
FROM juges j LEFT JOIN bruts b ON b.fichier_id = j.fichier_id AND b.rec = j.rec
UNION ALL
SELECT fichier_id, line_no, raw, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
       CASE WHEN NOT encodage_ok THEN 'encodage illisible (UTF-8 attendu)'
            WHEN NOT vide(raw) THEN 'ligne hors enregistrement CAS' END,
       CASE WHEN encodage_ok AND vide(raw) THEN 'ligne vide' END
FROM marque WHERE NOT dedans
