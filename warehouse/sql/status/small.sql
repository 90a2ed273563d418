-- Small statements of the warehouse's status (status.py, territory.py).

-- name: status_closed_accounts
SELECT count(DISTINCT compte) FROM comptes
WHERE compte NOT IN (SELECT compte FROM comptes WHERE valide_jusqu_au IS NULL)

-- name: status_rejects
SELECT motif, count(*) AS lignes FROM rejets GROUP BY motif ORDER BY lignes DESC, motif

-- name: status_waiting
-- `effaces`: events deleted by retention purges while still waiting (never counted either).
SELECT count(*) AS evenements, count(DISTINCT ident_pid) AS personnes, min(jour) AS premier, max(jour) AS dernier,
       (SELECT coalesce(sum(en_attente), 0) FROM purges)::BIGINT AS effaces
FROM evenements_en_attente

-- name: status_fichiers
SELECT fichier_id, nom, type, charge_le, lignes, enregistrements, charges, doublons, rejetes, ignores, en_attente, encodage, note
FROM fichiers ORDER BY fichier_id DESC

-- name: territoire_document
SELECT document::VARCHAR FROM territoire LIMIT 1

-- name: status_comptes_oublies
-- Accounts gone for more than three months whose identifiers were forgotten.
SELECT count(DISTINCT c.compte) FROM comptes c JOIN pseudonymes p ON p.pid = c.compte WHERE starts_with(p.empreinte, 'oublie-')
