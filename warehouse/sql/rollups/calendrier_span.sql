-- Days the calendar table must cover: every event, and every school date.
SELECT least((SELECT min(jour) FROM evenements), (SELECT min(premier_jour) FROM purges), (SELECT min(date_ouverture) FROM ecoles),
             (SELECT min(date_candidature) FROM ecoles)),
       greatest((SELECT max(jour) FROM evenements), (SELECT max(date_ouverture) FROM ecoles))
