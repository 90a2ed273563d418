-- Apereo CAS audit trail, multi-line records, read whole by DuckDB's CSV
-- reader (the fast path) when the file has the standard layout: each record
-- is ten lines (BEGIN, =====, WHO:, WHAT:, ACTION:, APPLICATION:, WHEN:,
-- CLIENT IP ADDRESS:, SERVER IP ADDRESS:, =====) and every other line is
-- blank. Anything else (another layout, a cut record, a stray line, CRLF,
-- bad UTF-8) fails this statement or the reader, and the file is read again
-- by numbered lines (stage_cas_multi), which names each rejected line. For a
-- file of this layout, both give the same stage rows; the reasons come from
-- the same macros (rejet_cas, ignore_cas).
--
-- One file at a time ($chemins holds one path), its lines stored in file
-- order: DuckDB's reader preserves the order of rows when insertion order is
-- preserved (DuckDB's "Order Preservation"), and the table's rowid then
-- numbers the lines. Only the bare read, so that nothing in the plan (an IN
-- list becomes a join, for one) can reorder rows. The loader writes tables
-- unordered otherwise (load_logs): turned back on for this statement only.
-- (With it off, rowid did not always follow the file, and halves of two
-- records would have been glued together; row_number() OVER () numbered
-- them in order but on one core.) Blank lines come back as NULL.
SET preserve_insertion_order = true;

CREATE OR REPLACE TEMP TABLE cas_lignes AS
SELECT line
FROM read_csv($chemins, columns = {'line': 'VARCHAR'}, header = false, delim = chr(1), quote = '', escape = '',
              new_line = '\n', auto_detect = false, strict_mode = true, null_padding = false);

SET preserve_insertion_order = false;

-- Each line's kind, told apart as the exact path does (a line holding the
-- BEGIN marker is a BEGIN line, a separator is only = and spaces), and `b`,
-- the BEGIN line its place in the layout points to (a separator's: the
-- opening one's place; the closing one is nine lines down). The text is
-- kept only for the three fields read.
CREATE OR REPLACE TEMP TABLE cas_sortes AS
SELECT r, sorte,
       r - CASE sorte WHEN 'separateur' THEN 1 WHEN 'who' THEN 2 WHEN 'what' THEN 3 WHEN 'action' THEN 4
                      WHEN 'application' THEN 5 WHEN 'when' THEN 6 WHEN 'client' THEN 7 WHEN 'server' THEN 8 END AS b,
       CASE WHEN sorte IN ('who', 'action', 'when') THEN line END AS line
FROM (
    SELECT rowid AS r, line,
        CASE WHEN line IS NULL OR vide(line) THEN 'vide'
             -- A BEGIN line that also starts like a field would give the exact
             -- path a second value for it: left to the exact path.
             WHEN contains(line, 'Audit trail record BEGIN')
                  THEN CASE WHEN starts_with(line, 'WHO:') OR starts_with(line, 'ACTION:') OR starts_with(line, 'WHEN:')
                            THEN 'autre' ELSE 'debut' END
             WHEN starts_with(line, 'WHO:') THEN 'who'
             WHEN starts_with(line, 'WHAT:') THEN 'what'
             WHEN starts_with(line, 'ACTION:') THEN 'action'
             WHEN starts_with(line, 'APPLICATION:') THEN 'application'
             WHEN starts_with(line, 'WHEN:') THEN 'when'
             WHEN starts_with(line, 'CLIENT IP ADDRESS:') THEN 'client'
             WHEN starts_with(line, 'SERVER IP ADDRESS:') THEN 'server'
             WHEN ascii(line) IN (61, 32, 9, 11, 12, 13) AND regexp_full_match(line, '\s*=+\s*') THEN 'separateur'
             ELSE 'autre'
        END AS sorte
    FROM cas_lignes
);

-- One stage row per record (at its BEGIN line) and one per blank line. Each
-- line but BEGIN and blank ones has a place in the layout, which points to
-- a BEGIN line; the file has the layout when, for each of the nine places,
-- as many lines as there are records point to one (a place holds at most
-- one line per record), and no line is left over (places are fixed, so two
-- records cannot share a line).
CREATE OR REPLACE TEMP TABLE stage AS
WITH debuts AS (
    SELECT r AS b FROM cas_sortes WHERE sorte = 'debut'
), places AS (
    SELECT l.sorte, count(*) AS n
    FROM cas_sortes l SEMI JOIN debuts d ON d.b = l.b
    GROUP BY l.sorte
    UNION ALL
    SELECT 'separateur_fin', count(*)
    FROM cas_sortes l SEMI JOIN debuts d ON d.b = l.r - 9
    WHERE l.sorte = 'separateur'
), controle AS (
    SELECT (SELECT count(*) FROM debuts) AS n_enr,
           (SELECT count(*) FROM cas_sortes) AS n_lignes,
           (SELECT count(*) FROM cas_sortes WHERE sorte = 'vide') AS n_vides,
           (SELECT sum(n) FROM places) AS n_places,
           (SELECT count(*) FROM places WHERE n > 0) AS n_sortes,
           (SELECT max(n) FROM places) AS max_sorte
), enregistrements AS (
    -- In the layout, a field's record is the BEGIN line its place points to;
    -- each record has one line of each field, cut to its value once grouped.
    SELECT b,
        max(CASE WHEN sorte = 'who' THEN line END) AS who,
        max(CASE WHEN sorte = 'action' THEN line END) AS action,
        max(CASE WHEN sorte = 'when' THEN line END) AS quand
    FROM cas_sortes
    WHERE sorte IN ('who', 'action', 'when')
    GROUP BY b
), champs AS (
    SELECT b, nullif(trim(who[5:]), '') AS ident_brut, trim(action[8:]) AS action, trim(quand[6:]) AS quand
    FROM enregistrements
), juges AS (
    SELECT *, lire_quand_cas(quand) AS ts FROM champs
), lignes_stage AS (
    SELECT b + 1 AS line_no, ts, type_cas(action) AS type, lower(ident_brut) AS ident, ident_brut,
           rejet_cas(true, true, action, quand, ts, ident_brut) AS rejet, ignore_cas(true, true, action, quand) AS ignore
    FROM juges
    UNION ALL
    SELECT r + 1, NULL, NULL, NULL, NULL, NULL, 'ligne vide' FROM cas_sortes WHERE sorte = 'vide'
)
SELECT $fichiers[1]::INTEGER AS fichier_id, s.line_no, NULL::VARCHAR AS raw, s.ts, s.type, NULL::VARCHAR AS module,
       s.ident, s.ident_brut, NULL::VARCHAR AS ua, NULL::VARCHAR AS indice, s.rejet, s.ignore
FROM lignes_stage s, controle c
-- Nine places filled in every record (each place holds at most one line per
-- record), and no line left over: otherwise the exact path reads the file.
WHERE (coalesce(c.n_places, 0) = 9 * c.n_enr AND (c.n_enr = 0 OR (c.n_sortes = 9 AND c.max_sorte = c.n_enr))
       AND c.n_lignes = 10 * c.n_enr + c.n_vides)
      OR error('journal CAS hors de la mise en page standard : lecture ligne à ligne');

DROP TABLE cas_lignes;

DROP TABLE cas_sortes
