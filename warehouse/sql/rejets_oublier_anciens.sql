-- Content read again keeps one copy of its rejected lines, the latest read's
-- (run before the new read's manifest row is written).
DELETE FROM rejets WHERE fichier_id IN (SELECT fichier_id FROM fichiers WHERE sha256 = $sha256 AND type = $type)
