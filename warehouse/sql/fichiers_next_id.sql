SELECT coalesce(max(fichier_id), 0) + 1 FROM fichiers
