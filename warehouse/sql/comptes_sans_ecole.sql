SELECT count(DISTINCT compte) FROM comptes
WHERE valide_jusqu_au IS NULL AND (SELECT count(*) FROM ecoles) > 0 AND uai NOT IN (SELECT uai FROM ecoles)
