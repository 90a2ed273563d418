-- Small statements about the vendor's service (warehouse/vendor.py).

-- name: editeur_echecs_mois
-- Logins and failed logins by month, territory-wide, up to $d.
SELECT date_trunc('month', jour)::DATE AS mois, sum(connexions)::BIGINT AS connexions, sum(echecs)::BIGINT AS echecs,
       taux(sum(echecs), sum(echecs) + sum(connexions)) AS taux_echec
FROM connexions_heure WHERE jour <= $d
GROUP BY ALL ORDER BY mois
