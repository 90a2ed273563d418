-- Loadable rows with their person, account (when known), device class,
-- Paris day and key. The key is the event's content, so the same event in
-- two files, or in two formats, is one event. Device classes are worked out
-- once per distinct user agent.
CREATE OR REPLACE TEMP TABLE valides AS
WITH appareils AS (
    SELECT ua, indice, classe_appareil(ua, indice) AS appareil
    FROM (SELECT DISTINCT ua, indice FROM stage WHERE rejet IS NULL AND ignore IS NULL)
), v AS (
    SELECT s.line_no, s.ts, timezone('Europe/Paris', s.ts) AS local_ts, s.type, s.module,
           p.pid AS ident_pid, ic.compte, a.appareil
    FROM stage s
    JOIN ident_pid p ON p.ident = s.ident
    LEFT JOIN identifiants_comptes ic ON ic.ident_pid = p.pid
    LEFT JOIN appareils a ON a.ua IS NOT DISTINCT FROM s.ua AND a.indice IS NOT DISTINCT FROM s.indice
    WHERE s.rejet IS NULL AND s.ignore IS NULL
)
SELECT line_no, ts, local_ts::DATE AS jour, hour(local_ts)::TINYINT AS heure, type, module,
       ident_pid, compte, appareil,
       md5_number(concat_ws('|', epoch_ms(ts), ident_pid, type, coalesce(lower(module), ''))) AS cle
FROM v
