-- The account export as loaded today, with pids.
CREATE OR REPLACE TEMP TABLE snap AS
SELECT pi.pid AS compte, pl.pid AS login_pid, upper(s.uai) AS uai, profil_canonique(s.profil) AS profil,
       s.classe, lire_date(s.date_creation) AS date_creation, lire_date(s.date_distribution) AS date_distribution,
       lire_date(s.date_activation) AS date_activation, coalesce(lire_booleen(s.personne_ressource), false) AS personne_ressource,
       $avec_distribution AS distribution_connue,
       pi.pid IN (SELECT compte FROM comptes) AS deja_vu,
       (SELECT count(*) FROM comptes) > 0 AS historique
FROM ref_stage s
JOIN ident_pid pi ON pi.ident = lower(s.id)
LEFT JOIN ident_pid pl ON pl.ident = lower(s.login)
WHERE s.motif IS NULL AND NOT s.doublon;

-- Every account the export names, loadable or not.
CREATE OR REPLACE TEMP TABLE presents AS
SELECT DISTINCT pi.pid AS compte FROM ref_stage s JOIN ident_pid pi ON pi.ident = lower(s.id);

