-- For each account of `etat_comptes` and each service: whether the service is
-- active for it on $d (DESIGN §4): socle services always; others when an
-- activation covering $d names its profile (or 'tous') and targets the
-- project, its school, its class or the account itself. One equi-join per
-- scope (an OR of scopes would compare every account with every activation).
CREATE OR REPLACE TEMP TABLE services_actifs AS
WITH a AS (
    SELECT * FROM activations WHERE debut <= $d AND (fin IS NULL OR $d <= fin)
), profils AS (
    SELECT a.*, unnest(a.profils) AS profil_cible FROM a
), cibles AS (
    SELECT c.compte, c.uai, p.service
    FROM etat_comptes c JOIN profils p ON p.portee = 'projet' AND p.profil_cible IN ('tous', c.profil)
    UNION ALL
    SELECT c.compte, c.uai, p.service
    FROM etat_comptes c JOIN profils p ON p.portee = 'ecole' AND p.cible = c.uai AND p.profil_cible IN ('tous', c.profil)
    UNION ALL
    SELECT c.compte, c.uai, p.service
    FROM etat_comptes c JOIN profils p ON p.portee = 'classe' AND p.cible = c.classe AND p.profil_cible IN ('tous', c.profil)
    UNION ALL
    -- A user is targeted by id or by login: both map to the account.
    SELECT c.compte, c.uai, p.service
    FROM etat_comptes c
    JOIN identifiants_comptes ic ON ic.compte = c.compte
    JOIN profils p ON p.portee = 'utilisateur' AND p.cible_pid = ic.ident_pid AND p.profil_cible IN ('tous', c.profil)
    UNION ALL
    SELECT c.compte, c.uai, s.service FROM etat_comptes c JOIN services s ON s.groupe = 'socle'
)
SELECT DISTINCT compte, uai, service FROM cibles
