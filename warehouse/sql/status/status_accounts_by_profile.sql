-- Accounts open now (last version not closed), by profile.
SELECT profil, count(DISTINCT compte) AS comptes,
       count(DISTINCT compte) FILTER (WHERE personne_ressource) AS personnes_ressources
FROM comptes WHERE valide_jusqu_au IS NULL
GROUP BY profil ORDER BY comptes DESC
