-- ODE JSON lines, read from a block of numbered lines (the exact path).
-- Each line is parsed once (one multi-path extraction); `date` is epoch
-- milliseconds UTC, an ISO string, or {"$date": ...}. An object may follow
-- JSON's own blanks (space, tab, CR), as DuckDB's reader allows.
WITH f AS (
    SELECT fichier_id, line_no, line AS raw, encodage_ok, objet,
        CASE WHEN objet THEN json_extract_string(line, ['$."event-type"', '$."override-module"', '$.module', '$.userId', '$.ua']) END AS v,
        CASE WHEN objet THEN json_extract(line, '$.date') END AS d
    FROM (SELECT *, encodage_ok AND starts_with(ltrim(line, ' ' || chr(9) || chr(13)), '{') AND json_valid(line) AS objet FROM block)
)
SELECT fichier_id, line_no, raw, encodage_ok, objet,
    v[1] AS event_type, v[2] AS override_module, v[3] AS module, v[4] AS ident, v[5] AS ua,
    d IS NOT NULL AND json_type(d) <> 'NULL' AS date_presente,
    CASE json_type(d)
        WHEN 'UBIGINT' THEN ts_depuis_ms(try_cast(d AS BIGINT))
        WHEN 'BIGINT' THEN ts_depuis_ms(try_cast(d AS BIGINT))
        WHEN 'VARCHAR' THEN lire_date_json(d->>'$')
        WHEN 'OBJECT' THEN CASE json_type(d->'$."$date"')
            WHEN 'VARCHAR' THEN lire_date_json(d->>'$."$date"')
            WHEN 'OBJECT' THEN ts_depuis_ms(try_cast(d->>'$."$date"."$numberLong"' AS BIGINT))
            ELSE ts_depuis_ms(try_cast(try_cast(d->>'$."$date"' AS DOUBLE) AS BIGINT)) END
        ELSE ts_depuis_ms(try_cast(try_cast(d::VARCHAR AS DOUBLE) AS BIGINT))
    END AS ts
FROM f
