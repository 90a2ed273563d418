SELECT count(*) AS evenements, count(DISTINCT ident_pid) AS personnes, min(jour) AS premier, max(jour) AS dernier
FROM evenements_en_attente
