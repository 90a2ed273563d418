-- Waiting events whose person now has an account move to the events.
INSERT INTO evenements
SELECT w.cle, w.ts, w.jour, w.heure, w.type, w.module, ic.compte, w.appareil, w.fichier_id
FROM evenements_en_attente w
JOIN identifiants_comptes ic ON ic.ident_pid = w.ident_pid
WHERE NOT EXISTS (SELECT 1 FROM evenements e WHERE e.cle = w.cle)
QUALIFY row_number() OVER (PARTITION BY w.cle ORDER BY w.ts) = 1;

DELETE FROM evenements_en_attente
WHERE ident_pid IN (SELECT ident_pid FROM identifiants_comptes);
