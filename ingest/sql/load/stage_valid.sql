-- Loadable rows with their person, account (when known), device class,
-- Paris day, key, and whether they are new to the warehouse. The key is the
-- event's content, so the same event in two files, or in two formats, is
-- one event. The day range lets DuckDB skip row groups of other days (equal
-- keys share a day). Device classes are worked out once per distinct user
-- agent, module parts of keys once per module (cle_composee, in
-- macros.sql). Keys repeated within the batch are settled afterwards (valides_doubles.sql),
-- only when there are any.
CREATE OR REPLACE TEMP TABLE heures AS
-- Paris local time at each UTC hour the batch spans, in a list indexed by
-- hour. Paris offsets are whole hours and change on the hour UTC (01:00),
-- so one conversion per hour serves all its events (one per event was a
-- quarter of this step). A list, not a table to join: a join on a computed
-- hour misled the join order (the stage became a build side). Valid
-- events are from 2000 on (date_invraisemblable), so hours are positive.
SELECT list(timezone('Europe/Paris', make_timestamptz(h * 3600000000)) ORDER BY h) AS locales
FROM range($heure_min, $heure_max + 1) t(h);

CREATE OR REPLACE TEMP TABLE valides AS
WITH appareils AS (
    SELECT ua, indice, classe_appareil(ua, indice) AS appareil
    FROM (SELECT DISTINCT ua, indice FROM stage WHERE rejet IS NULL AND ignore IS NULL)
), modules AS (
    SELECT module, cle_module(module) AS h
    FROM (SELECT DISTINCT module FROM stage WHERE rejet IS NULL AND ignore IS NULL)
), v AS (
    SELECT s.rowid AS rang, s.fichier_id, s.line_no, s.ts,
           hr.locales[epoch_us(s.ts) // 3600000000 - $heure_min + 1] AS local_h, s.type, s.module,
           p.pid AS ident_pid, ic.compte, a.appareil, m.h AS module_h
    FROM stage s
    CROSS JOIN heures hr
    JOIN ident_pid p ON p.ident = s.ident
    LEFT JOIN identifiants_comptes ic ON ic.ident_pid = p.pid
    LEFT JOIN appareils a ON a.ua IS NOT DISTINCT FROM s.ua AND a.indice IS NOT DISTINCT FROM s.indice
    LEFT JOIN modules m ON m.module IS NOT DISTINCT FROM s.module
    WHERE s.rejet IS NULL AND s.ignore IS NULL
), k AS (
    SELECT rang, fichier_id, line_no, ts, local_h::DATE AS jour, hour(local_h)::TINYINT AS heure, type, module,
           ident_pid, compte, appareil,
           cle_composee(ts, ident_pid, type, module_h) AS cle
    FROM v
)
SELECT k.*,
    NOT EXISTS (SELECT 1 FROM evenements e WHERE e.jour BETWEEN $jour_min AND $jour_max AND e.cle = k.cle)
    AND NOT EXISTS (SELECT 1 FROM evenements_en_attente w WHERE w.jour BETWEEN $jour_min AND $jour_max AND w.cle = k.cle)
    AS nouveau
FROM k
