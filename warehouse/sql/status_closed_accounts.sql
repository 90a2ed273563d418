SELECT count(DISTINCT compte) FROM comptes
WHERE compte NOT IN (SELECT compte FROM comptes WHERE valide_jusqu_au IS NULL)
