SELECT max(jour) FROM activite_jour
