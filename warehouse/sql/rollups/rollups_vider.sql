-- Before rebuilding every day: drop the day-level rollups (schema.sql creates
-- them again, empty). Deleting every row instead would leave the old rows in
-- the file beside the new ones until a vacuum, and every scan would step over them.
DROP TABLE IF EXISTS activite_jour;
DROP TABLE IF EXISTS acces_service_jour;
DROP TABLE IF EXISTS evenements_mois;
DROP TABLE IF EXISTS connexions_heure;
DROP TABLE IF EXISTS activite_semaine;
DROP TABLE IF EXISTS services_semaine;
