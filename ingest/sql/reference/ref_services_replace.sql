-- A service whose new row is rejected keeps its previous one, and its modules.
CREATE OR REPLACE TEMP TABLE services_gardes AS
SELECT cle AS service FROM ref_stage WHERE motif IS NOT NULL AND cle IS NOT NULL
EXCEPT SELECT cle FROM ref_stage WHERE motif IS NULL AND NOT doublon;

DELETE FROM services WHERE service NOT IN (SELECT service FROM services_gardes);
INSERT INTO services
SELECT lower(service), libelle, strip_accents(lower(groupe))
FROM ref_stage WHERE motif IS NULL AND NOT doublon;
DELETE FROM modules WHERE service NOT IN (SELECT service FROM services_gardes);
-- A module named by two services maps to the first one listed.
INSERT OR IGNORE INTO modules
SELECT module, arg_min(service, rang) FROM (
    SELECT lower(service) AS module, lower(service) AS service, 0 AS rang
    FROM ref_stage WHERE motif IS NULL AND NOT doublon
    UNION ALL
    SELECT lower(trim(m)), lower(service), _ligne
    FROM ref_stage, unnest(string_split(coalesce(modules, ''), '|')) AS u(m)
    WHERE motif IS NULL AND NOT doublon AND trim(m) <> ''
) GROUP BY module;
