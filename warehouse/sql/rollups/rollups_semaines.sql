-- The weekly rollups the support rules read, for the ISO weeks holding the
-- Paris days $debut..$fin (see rollups.sql, which rebuilds the daily ones first).
-- The whole ISO weeks holding the refreshed days, by week (from the daily
-- rollups just rebuilt, the other days of those weeks included).
DELETE FROM activite_semaine
WHERE semaine BETWEEN date_trunc('week', $debut::DATE) AND date_trunc('week', $fin::DATE);

INSERT INTO activite_semaine
SELECT date_trunc('week', jour)::DATE AS semaine, compte, uai, profil,
       sum(connexions)::INTEGER, sum(acces)::INTEGER, sum(echecs)::INTEGER, sum(activations)::INTEGER
FROM activite_jour
WHERE jour BETWEEN date_trunc('week', $debut::DATE) AND date_trunc('week', $fin::DATE)::DATE + 6
  -- A week that began before a retention purge's cut-off lost its first days: it is not summed again.
  AND date_trunc('week', jour) >= coupure_purge()
GROUP BY ALL
ORDER BY semaine, compte;

DELETE FROM services_semaine
WHERE semaine BETWEEN date_trunc('week', $debut::DATE) AND date_trunc('week', $fin::DATE);

INSERT INTO services_semaine
SELECT DISTINCT date_trunc('week', jour)::DATE AS semaine, uai, service
FROM acces_service_jour
WHERE jour BETWEEN date_trunc('week', $debut::DATE) AND date_trunc('week', $fin::DATE)::DATE + 6 AND uai IS NOT NULL
ORDER BY semaine, uai;
