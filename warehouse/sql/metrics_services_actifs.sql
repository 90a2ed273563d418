-- For each account of `etat_comptes` and each service: whether the service is
-- active for it on $d (DESIGN §4): socle services always; others when an
-- activation covering $d names its profile (or 'tous') and targets the
-- project, its school, its class or the account itself.
CREATE OR REPLACE TEMP TABLE services_actifs AS
SELECT DISTINCT c.compte, c.uai, s.service
FROM etat_comptes c
JOIN services s ON s.groupe = 'socle'
UNION
SELECT DISTINCT c.compte, c.uai, a.service
FROM etat_comptes c
JOIN activations a
  ON a.debut <= $d AND (a.fin IS NULL OR $d <= a.fin)
 AND (list_contains(a.profils, 'tous') OR list_contains(a.profils, c.profil))
 AND (a.portee = 'projet'
      OR (a.portee = 'ecole' AND a.cible = c.uai)
      OR (a.portee = 'classe' AND a.cible = c.classe)
      OR (a.portee = 'utilisateur' AND a.cible_pid = c.compte))
