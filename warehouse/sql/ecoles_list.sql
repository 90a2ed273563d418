SELECT uai, nom AS ecole, vague, circonscription, commune, zone, date_ouverture FROM ecoles ORDER BY uai
