INSERT INTO fichiers (fichier_id, nom, chemin, sha256, octets, type, charge_le,
                      lignes, enregistrements, charges, doublons, rejetes, ignores, en_attente, encodage, note)
VALUES ($fichier_id, $nom, $chemin, $sha256, $octets, $type, now()::TIMESTAMP,
        $lignes, $enregistrements, $charges, $doublons, $rejetes, $ignores, $en_attente, $encodage, $note)
