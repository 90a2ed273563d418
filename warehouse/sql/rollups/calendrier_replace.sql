CREATE OR REPLACE TABLE calendrier AS
SELECT jour, zone, jour_semaine, ferie, vacances, nom_vacances, hors_donnees, jour_scolaire
FROM calendrier_calcule ORDER BY zone, jour
