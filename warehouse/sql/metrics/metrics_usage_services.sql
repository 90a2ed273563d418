-- Per school × service active for one of its accounts on $d or used (access
-- events) in the 28 days ending $d. A module no service names appears under
-- its own name, with no group. `libelle` is what people read: the label of
-- services.csv, else the code (or the unknown module's name).
WITH actifs AS (
    SELECT uai, service, comptes_service_actif FROM services_actifs($d)
    WHERE $uais::VARCHAR[] IS NULL OR list_contains($uais::VARCHAR[], uai)
), usage AS (
    SELECT * FROM usage_services_28j($d) WHERE $uais::VARCHAR[] IS NULL OR list_contains($uais::VARCHAR[], uai)
)
SELECT coalesce(a.uai, u.uai) AS uai, coalesce(a.service, u.service) AS service,
       coalesce(s.libelle, coalesce(a.service, u.service)) AS libelle, s.groupe,
       coalesce(a.comptes_service_actif, 0) AS comptes_service_actif,
       coalesce(u.utilisateurs_28j, 0) AS utilisateurs_28j,
       coalesce(u.acces_28j, 0) AS acces_28j
FROM actifs a FULL JOIN usage u ON u.uai = a.uai AND u.service = a.service
LEFT JOIN services s ON s.service = coalesce(a.service, u.service)
ORDER BY 1, 2
