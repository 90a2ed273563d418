DELETE FROM services;
INSERT INTO services
SELECT lower(service), libelle, strip_accents(lower(groupe))
FROM ref_stage WHERE motif IS NULL AND NOT doublon;
DELETE FROM modules;
-- A module named by two services maps to the first one listed.
INSERT INTO modules
SELECT module, arg_min(service, rang) FROM (
    SELECT lower(service) AS module, lower(service) AS service, 0 AS rang
    FROM ref_stage WHERE motif IS NULL AND NOT doublon
    UNION ALL
    SELECT lower(trim(m)), lower(service), _ligne
    FROM ref_stage, unnest(string_split(coalesce(modules, ''), '|')) AS u(m)
    WHERE motif IS NULL AND NOT doublon AND trim(m) <> ''
) GROUP BY module;
