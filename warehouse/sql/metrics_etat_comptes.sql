-- Every account that exists on $d (docs/metrics.md) with its school, profile, and
-- whether it is distributed, activated, and active in the 28 days ending $d.
CREATE OR REPLACE TEMP TABLE etat_comptes AS
WITH comptes_d AS (
    SELECT c.compte, c.uai, c.profil, c.classe, c.date_distribution, c.date_activation, c.distribution_connue,
           c.personne_ressource
    FROM comptes c
    WHERE (c.valide_depuis IS NULL OR c.valide_depuis <= $d)
      AND (c.valide_jusqu_au IS NULL OR $d < c.valide_jusqu_au)
      AND (c.date_creation IS NULL OR c.date_creation <= $d)
), actifs AS (
    SELECT DISTINCT compte FROM activite_jour
    WHERE jour BETWEEN $d - 27 AND $d AND connexions + acces > 0
), etat AS (
    SELECT c.*, least(c.date_activation, p.jour) AS activation, a.compte IS NOT NULL AS actif_28j
    FROM comptes_d c
    LEFT JOIN premiere_activite p USING (compte)
    LEFT JOIN actifs a USING (compte)
)
SELECT compte, uai, profil, classe, personne_ressource,
    coalesce(activation <= $d, false) AS active,
    coalesce(activation <= $d, false) OR NOT distribution_connue OR coalesce(date_distribution <= $d, false) AS distribue,
    actif_28j
FROM etat
