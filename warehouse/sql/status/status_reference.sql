SELECT (SELECT count(*) FROM vagues) AS vagues, (SELECT count(*) FROM ecoles) AS ecoles,
       (SELECT count(*) FROM services) AS services, (SELECT count(*) FROM activations) AS activations,
       (SELECT count(*) FROM territoire) AS territoire,
       least((SELECT min(jour) FROM activite_jour), (SELECT min(premier_jour) FROM purges)) AS premier_jour,
       greatest((SELECT max(jour) FROM activite_jour), (SELECT max(dernier_jour) FROM purges)) AS dernier_jour
