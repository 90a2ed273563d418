CREATE OR REPLACE TEMP TABLE ref_checked AS
SELECT *, lower(service) AS cle, _brut AS _brut_sur,
    CASE
        WHEN _trop_de_champs THEN 'trop de colonnes'
        WHEN service IS NULL THEN 'service manquant'
        WHEN groupe IS NULL THEN 'groupe manquant'
        WHEN strip_accents(lower(groupe)) NOT IN ('socle', 'initial', 'additionnel') THEN 'groupe inconnu (socle, initial ou additionnel attendu)'
    END AS rejet
FROM ref_rows
