SELECT strftime(jour, '%Y-%m') AS mois,
       count(*) FILTER (WHERE type = 'login') AS login,
       count(*) FILTER (WHERE type = 'access') AS access,
       count(*) FILTER (WHERE type = 'activation') AS activation,
       count(*) FILTER (WHERE type = 'login_failed') AS login_failed,
       count(*) AS total
FROM evenements GROUP BY mois ORDER BY mois
