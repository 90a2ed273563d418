INSERT INTO evenements
SELECT cle, ts, jour, heure, type, module, compte, appareil, fichier_id
FROM valides WHERE nouveau AND compte IS NOT NULL
