SELECT min(jour), max(jour) FROM valides
