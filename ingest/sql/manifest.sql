-- The file manifest (fichiers, ignores, rejets) and the warehouse's own notes (meta).

-- name: fichiers_find_log
-- An earlier load of this very content in this format that read it (not one
-- that rejected the whole file: that one may be retried).
SELECT fichier_id, nom, charge_le, lignes, enregistrements, charges, doublons, rejetes, ignores FROM fichiers
WHERE sha256 = $sha256 AND type = $type AND NOT (charges + doublons = 0 AND rejetes > 0)
ORDER BY fichier_id LIMIT 1

-- name: fichiers_insert
INSERT INTO fichiers (fichier_id, nom, chemin, sha256, octets, modifie_ns, type, charge_le,
                      lignes, enregistrements, charges, doublons, rejetes, ignores, en_attente, encodage, note)
VALUES ($fichier_id, $nom, $chemin, $sha256, $octets, $modifie_ns, $type, now()::TIMESTAMP,
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

-- name: fichiers_deja_lus
-- The files read before, by path, size and modification time (one unchanged since is not read again), with
-- what became of each (its first reading).
SELECT chemin, octets, modifie_ns, nom, type, charge_le, lignes, enregistrements, charges, doublons, rejetes, ignores
FROM fichiers
WHERE modifie_ns IS NOT NULL AND NOT (charges + doublons = 0 AND rejetes > 0)
QUALIFY row_number() OVER (PARTITION BY chemin, octets, modifie_ns ORDER BY fichier_id) = 1

-- name: fichier_date_connue
-- A file read again at the path of its first reading, whose time was not known then (read by a
-- version that did not keep it): its time is kept, so that it is not read a third time.
UPDATE fichiers SET modifie_ns = $modifie_ns
WHERE fichier_id = $fichier_id AND chemin = $chemin AND octets = $octets AND modifie_ns IS NULL
