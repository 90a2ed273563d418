SELECT fichier_id, nom, type, charge_le, lignes, enregistrements, charges, doublons, rejetes, ignores, en_attente, encodage, note
FROM fichiers ORDER BY fichier_id DESC
