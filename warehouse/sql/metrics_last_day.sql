SELECT max(jour) FROM evenements
