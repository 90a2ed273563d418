-- The file manifest (fichiers, ignores, rejets) and the warehouse's own notes (meta).

-- name: fichiers_find_log
-- An earlier load of this very content in this format that read it (not one
-- that rejected the whole file: that one may be retried).
SELECT nom, charge_le, lignes, enregistrements, charges, doublons, rejetes, ignores FROM fichiers
WHERE sha256 = $sha256 AND type = $type AND NOT (charges + doublons = 0 AND rejetes > 0)
ORDER BY fichier_id LIMIT 1

-- name: fichiers_insert
INSERT INTO fichiers (fichier_id, nom, chemin, sha256, octets, type, charge_le,
                      lignes, enregistrements, charges, doublons, rejetes, ignores, en_attente, encodage, note)
VALUES ($fichier_id, $nom, $chemin, $sha256, $octets, $type, now()::TIMESTAMP,
        $lignes, $enregistrements, $charges, $doublons, $rejetes, $ignores, $en_attente, $encodage, $note)

-- name: fichiers_next_id
SELECT coalesce(max(fichier_id), 0) + 1 FROM fichiers

-- name: ignores_insert
INSERT INTO ignores VALUES ($fichier_id, $motif, $lignes)

-- name: rejets_oublier_anciens
-- Content read again keeps one copy of its rejected lines, the latest read's
-- (run before the new read's manifest row is written).
DELETE FROM rejets WHERE fichier_id IN (SELECT fichier_id FROM fichiers WHERE sha256 = $sha256 AND type = $type)

-- name: meta_get
SELECT valeur FROM meta WHERE cle = $cle

-- name: meta_set
INSERT OR REPLACE INTO meta VALUES ($cle, $valeur)
