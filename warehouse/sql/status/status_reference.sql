SELECT (SELECT count(*) FROM vagues) AS vagues, (SELECT count(*) FROM ecoles) AS ecoles,
       (SELECT count(*) FROM services) AS services, (SELECT count(*) FROM activations) AS activations,
       (SELECT count(*) FROM territoire) AS territoire,
       (SELECT min(jour) FROM activite_jour) AS premier_jour, (SELECT max(jour) FROM activite_jour) AS dernier_jour
