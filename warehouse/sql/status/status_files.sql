SELECT type, count(*) AS fichiers, sum(lignes) AS lignes, sum(charges) AS charges,
       sum(doublons) AS doublons, sum(rejetes) AS rejetes, sum(ignores) AS ignores,
       max(charge_le) AS dernier_chargement
FROM fichiers GROUP BY type ORDER BY type
