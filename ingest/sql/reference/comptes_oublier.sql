-- Accounts gone for more than three months before this export's day lose
-- their keyed hashes: the account's id and every identifier that named it
-- (its logins). Their events and the figures built on them stay, but no
-- identifier can reach them again. The pid itself is kept, renamed, so that
-- it is never given to someone else. An identifier that also names an
-- account still here (a login handed on) keeps its hash.
CREATE OR REPLACE TEMP TABLE partis AS
SELECT compte FROM comptes GROUP BY compte
HAVING bool_and(valide_jusqu_au IS NOT NULL) AND max(valide_jusqu_au) < $date::DATE - INTERVAL 3 MONTH;

CREATE OR REPLACE TEMP TABLE pids_des_partis AS
SELECT compte AS pid FROM partis
UNION SELECT ident_pid FROM identifiants_comptes WHERE compte IN (SELECT compte FROM partis)
UNION SELECT login_pid FROM comptes WHERE compte IN (SELECT compte FROM partis) AND login_pid IS NOT NULL
EXCEPT (
    SELECT compte FROM comptes WHERE compte NOT IN (SELECT compte FROM partis)
    UNION SELECT ident_pid FROM identifiants_comptes WHERE compte NOT IN (SELECT compte FROM partis)
    UNION SELECT login_pid FROM comptes WHERE compte NOT IN (SELECT compte FROM partis) AND login_pid IS NOT NULL
);

UPDATE pseudonymes SET empreinte = 'oublie-' || pid
WHERE NOT starts_with(empreinte, 'oublie-') AND pid IN (SELECT pid FROM pids_des_partis);

-- How many accounts this export forgot.
SELECT count(*) FROM partis p JOIN pseudonymes s ON s.pid = p.compte WHERE s.empreinte = 'oublie-' || s.pid
  AND p.compte IN (SELECT pid FROM pids_des_partis)
