-- An account export is a snapshot taken on $date. Accounts keep their
-- history (docs/metrics.md): attributes that change (school, profile, class, key
-- user, login) open a new version; an account missing from the export is closed,
-- still existing on the export day; dates are facts and complete every version.
UPDATE comptes c SET
    date_creation = coalesce(s.date_creation, c.date_creation),
    date_distribution = coalesce(s.date_distribution, c.date_distribution),
    date_activation = coalesce(s.date_activation, c.date_activation)
FROM snap s WHERE c.compte = s.compte;

-- Whether this export tells distribution dates holds from now on, not for the past.
UPDATE comptes c SET distribution_connue = s.distribution_connue
FROM snap s WHERE c.compte = s.compte AND c.valide_jusqu_au IS NULL;

-- Changed accounts: the open version ends on the export day.
UPDATE comptes c SET valide_jusqu_au = $date
FROM snap s
WHERE c.compte = s.compte AND c.valide_jusqu_au IS NULL
  AND (c.login_pid, c.uai, c.profil, c.classe, c.personne_ressource)
      IS DISTINCT FROM (s.login_pid, s.uai, s.profil, s.classe, s.personne_ressource);

-- Missing accounts: closed, but they still exist on the export day.
UPDATE comptes SET valide_jusqu_au = $date::DATE + 1
WHERE valide_jusqu_au IS NULL AND compte NOT IN (SELECT compte FROM presents);

-- An account an earlier export of this same day found missing, and this one
-- lists: it was not gone that day after all. Its closed version ends on
-- the export day, so that the version opened below is the only one that
-- holds on it (else the account would count twice that day).
UPDATE comptes SET valide_jusqu_au = $date
WHERE valide_jusqu_au = $date::DATE + 1 AND compte IN (SELECT compte FROM presents);

-- A version opened and ended on the same day never held.
DELETE FROM comptes
WHERE valide_depuis IS NOT NULL AND valide_jusqu_au IS NOT NULL AND valide_jusqu_au <= valide_depuis;

-- New versions: new accounts (since always when their creation date says
-- when they began, or on the first export), changed and reappearing ones.
INSERT INTO comptes
SELECT compte, login_pid, uai, profil, classe, date_creation, date_distribution, date_activation, personne_ressource,
       distribution_connue,
       CASE WHEN NOT deja_vu AND (date_creation IS NOT NULL OR NOT historique) THEN NULL ELSE $date::DATE END,
       NULL
FROM snap
WHERE compte NOT IN (SELECT compte FROM comptes WHERE valide_jusqu_au IS NULL);

-- Identifiers that logs may use (an id or a login) → account; an id wins
-- over someone else's login, a newer version over an older one.
DELETE FROM identifiants_comptes;

INSERT INTO identifiants_comptes
SELECT ident_pid, arg_max(compte, (est_id, coalesce(valide_depuis, DATE '0001-01-01')))
FROM (
    SELECT compte AS ident_pid, compte, 1 AS est_id, valide_depuis FROM comptes
    UNION ALL
    SELECT login_pid, compte, 0, valide_depuis FROM comptes WHERE login_pid IS NOT NULL
)
GROUP BY ident_pid;
