-- Before rebuilding every day: drop the day-level rollups (schema.sql creates
-- them again, empty). Deleting every row instead would leave the old rows in
-- the file beside the new ones until a vacuum, and every scan would step over them.
-- The territory's counts by month and by hour are not dropped: a retention
-- purge keeps them for days whose events are gone (rollups.sql deletes the rest).
DROP TABLE IF EXISTS activite_jour;
DROP TABLE IF EXISTS acces_service_jour;
DROP TABLE IF EXISTS activite_semaine;
DROP TABLE IF EXISTS services_semaine;
