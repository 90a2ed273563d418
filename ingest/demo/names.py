"""Fictional French names for the demo territory (no real person, school or commune)."""

COMMUNES = [
    "Valmont", "Saint-Roch", "Bourg-Vieux", "Montclar", "Les Essarts-sur-Lys", "Beaulieu-la-Forêt",
    "Champfleury", "Roche-Blanche", "Villeneuve-d'Aulne", "Pontarlier-le-Bas", "Saint-Aubin-des-Prés",
    "La Clairière", "Mont-Sainte-Odile", "Rivebelle", "Hautecombe", "Bois-Joli", "Castelnoir",
    "Fontvive", "Lacour-sur-Orne", "Saint-Valery-des-Champs", "Vaudreuil-les-Ormes", "Noirmoutiers",
    "Belair", "Cerisy-la-Plaine", "Mareuil-aux-Saules", "Puyvert", "Saint-Genest-d'Arc", "Aubeterre",
    "Chanteloup-les-Vignes-Hautes", "Rochefort-la-Source", "Val-Fleuri", "Les Brandes", "Montfaucon-sur-Loue",
    "Saint-Privat-des-Bois", "Orval", "Clairvaux-les-Lacs", "Boissy-la-Rivière", "Ferrières-en-Brie-Haute",
    "La Garenne-sur-Oise", "Saint-Cyr-des-Monts",
]

SCHOOL_NAMES = [
    "Jules Ferry", "Jean Moulin", "Victor Hugo", "Louis Pasteur", "Jean Jaurès", "Marie Curie", "Les Tilleuls",
    "Les Marronniers", "Jean de La Fontaine", "Jacques Prévert", "Paul Bert", "Condorcet", "Anatole France",
    "Antoine de Saint-Exupéry", "Les Coquelicots", "Le Petit Prince", "Les Acacias", "Jean Macé", "Pierre Perret",
    "Simone Veil", "Albert Camus", "Les Glycines", "La Source", "Les Peupliers", "Charles Perrault", "Robert Desnos",
    "Louise Michel", "Les Érables", "Le Bois Joli", "Les Cerisiers", "Françoise Dolto", "Marcel Pagnol", "George Sand",
    "Jules Verne", "Les Hirondelles", "Le Moulin", "Les Lilas", "Camille Claudel", "Olympe de Gouges", "Les Sources",
]

FIRST_NAMES = [
    "Camille", "Léa", "Manon", "Chloé", "Emma", "Inès", "Jade", "Louise", "Lina", "Zoé", "Alice", "Rose", "Anna",
    "Lucas", "Hugo", "Louis", "Gabriel", "Arthur", "Jules", "Nathan", "Raphaël", "Adam", "Léo", "Tom", "Noah",
    "Sacha", "Paul", "Ethan", "Mila", "Ambre", "Julia", "Nina", "Sarah", "Clara", "Lou", "Maël", "Théo", "Timéo",
    "Nadia", "Samuel", "Claire", "Julien", "Sophie", "Nicolas", "Isabelle", "Karim", "Fatima", "Yasmine", "Olivier",
]

LAST_NAMES = [
    "Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Dubois", "Moreau", "Laurent", "Simon",
    "Michel", "Lefebvre", "Leroy", "Roux", "David", "Bertrand", "Morel", "Fournier", "Girard", "Bonnet", "Dupont",
    "Lambert", "Fontaine", "Rousseau", "Vincent", "Muller", "Lefèvre", "Faure", "André", "Mercier", "Blanc",
    "Guérin", "Boyer", "Garnier", "Chevalier", "François", "Legrand", "Gauthier", "Garcia", "Perrin", "Robin",
    "Clément", "Morin", "Nicolas", "Henry", "Roussel", "Mathieu", "Gautier", "Masson", "Benali", "Nguyen",
]
