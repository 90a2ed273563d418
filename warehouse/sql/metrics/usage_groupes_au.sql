-- Each service group's use in the 28 days ending $d: users (summed over
-- schools: an account counts once in a school's group) and their accesses,
-- and the accounts existing on $d (etat_comptes); over the schools $uais when given.
WITH perimetre AS (
    SELECT * FROM etat_comptes($d)
    WHERE $uais::VARCHAR[] IS NULL OR list_contains($uais::VARCHAR[], uai)
), usage AS (
    SELECT groupe, sum(utilisateurs_28j)::BIGINT AS utilisateurs_28j, sum(acces_28j)::BIGINT AS acces_28j
    FROM usage_groupes_28j($d)
    WHERE $uais::VARCHAR[] IS NULL OR list_contains($uais::VARCHAR[], uai)
    GROUP BY ALL
)
SELECT $d::DATE AS jour, g.groupe, coalesce(u.utilisateurs_28j, 0) AS utilisateurs_28j,
       coalesce(u.acces_28j, 0) AS acces_28j, (SELECT count(*) FROM perimetre) AS comptes
FROM (SELECT DISTINCT groupe FROM services) g LEFT JOIN usage u USING (groupe)
ORDER BY g.groupe
