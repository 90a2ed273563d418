-- Per school and service: how many accounts of `etat_comptes` have the
-- service active on $d (docs/metrics.md): socle services always; others when an
-- activation covering $d names the account's profile (or 'tous') and targets
-- the project, its school, its class or the account itself.
-- Accounts of one school, profile and class share every scope but the last:
-- they are counted as groups, and only accounts named one by one (whose
-- group lacks the service) are looked at singly. One equi-join per scope (an
-- OR of scopes would compare every account with every activation).
CREATE OR REPLACE TEMP TABLE services_actifs AS
WITH a AS (
    SELECT * FROM activations WHERE debut <= $d AND (fin IS NULL OR $d <= fin)
), profils AS (
    SELECT a.*, unnest(a.profils) AS profil_cible FROM a
), groupes AS (
    SELECT uai, profil, classe, count(*) AS n FROM etat_comptes GROUP BY ALL
), pour_groupe AS (
    SELECT g.uai, g.profil, g.classe, g.n, s.service
    FROM groupes g JOIN services s ON s.groupe = 'socle'
    UNION
    SELECT g.uai, g.profil, g.classe, g.n, p.service
    FROM groupes g JOIN profils p ON p.portee = 'projet' AND p.profil_cible IN ('tous', g.profil)
    UNION
    SELECT g.uai, g.profil, g.classe, g.n, p.service
    FROM groupes g JOIN profils p ON p.portee = 'ecole' AND p.cible = g.uai AND p.profil_cible IN ('tous', g.profil)
    UNION
    SELECT g.uai, g.profil, g.classe, g.n, p.service
    FROM groupes g JOIN profils p ON p.portee = 'classe' AND p.cible = g.classe AND p.profil_cible IN ('tous', g.profil)
), pour_compte AS (
    -- A user is targeted by id or by login: both map to the account.
    SELECT DISTINCT c.uai, c.profil, c.classe, c.compte, p.service
    FROM etat_comptes c
    JOIN identifiants_comptes ic ON ic.compte = c.compte
    JOIN profils p ON p.portee = 'utilisateur' AND p.cible_pid = ic.ident_pid AND p.profil_cible IN ('tous', c.profil)
)
SELECT uai, service, sum(n)::BIGINT AS comptes_service_actif
FROM (
    SELECT uai, service, n FROM pour_groupe
    UNION ALL
    SELECT c.uai, c.service, 1 FROM pour_compte c
    WHERE NOT EXISTS (SELECT 1 FROM pour_groupe g WHERE g.uai = c.uai AND g.profil = c.profil
                      AND g.classe IS NOT DISTINCT FROM c.classe AND g.service = c.service)
)
GROUP BY uai, service
