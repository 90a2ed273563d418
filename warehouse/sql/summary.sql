SELECT (SELECT count(*) FROM ecoles) AS ecoles,
       (SELECT count(DISTINCT compte) FROM comptes WHERE valide_jusqu_au IS NULL) AS comptes,
       (SELECT count(*) FROM evenements) AS evenements,
       (SELECT count(*) FROM rejets) AS rejets,
       (SELECT max(jour) FROM evenements) AS dernier_jour
