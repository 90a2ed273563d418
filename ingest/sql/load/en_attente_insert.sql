-- Events of people with no account yet, kept until an account export names them.
INSERT INTO evenements_en_attente
SELECT cle, ts, jour, heure, type, module, ident_pid, appareil, fichier_id
FROM valides WHERE nouveau AND compte IS NULL
