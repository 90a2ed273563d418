SELECT count(*) FILTER (WHERE NOT deja_vu) AS nouveaux,
       (SELECT count(DISTINCT compte) FROM comptes WHERE valide_jusqu_au IS NULL
          AND compte NOT IN (SELECT compte FROM presents)) AS fermes
FROM snap
