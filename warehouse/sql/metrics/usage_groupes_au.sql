-- Each service group's use in the 28 days ending $d: distinct accounts with
-- at least one access to one of its services, their accesses, and the
-- accounts existing on $d (etat_comptes); over the schools $uais when given.
WITH perimetre AS (
    SELECT * FROM etat_comptes($d)
    WHERE $uais::VARCHAR[] IS NULL OR list_contains($uais::VARCHAR[], uai)
), usage AS (
    SELECT s.groupe, count(DISTINCT a.compte) AS utilisateurs_28j, sum(a.acces)::BIGINT AS acces_28j
    FROM acces_service_jour a JOIN services s USING (service)
    WHERE a.jour BETWEEN $d::DATE - 27 AND $d
      AND ($uais::VARCHAR[] IS NULL OR list_contains($uais::VARCHAR[], a.uai))
    GROUP BY ALL
)
SELECT $d::DATE AS jour, g.groupe, coalesce(u.utilisateurs_28j, 0) AS utilisateurs_28j,
       coalesce(u.acces_28j, 0) AS acces_28j, (SELECT count(*) FROM perimetre) AS comptes
FROM (SELECT DISTINCT groupe FROM services) g LEFT JOIN usage u USING (groupe)
ORDER BY g.groupe
