CREATE OR REPLACE TEMP TABLE ref_checked AS
SELECT *, lower(service) AS cle, 
    -- Schools, waves and services are public: a row rejected for one of its values keeps
    -- its text (addresses named); one whose fields are shifted is masked like a log line.
    CASE WHEN NOT _trop_de_champs THEN masquer_adresses(_brut) END AS _brut_sur,
    CASE
        WHEN _trop_de_champs THEN 'trop de colonnes'
        WHEN service IS NULL THEN 'service manquant'
        WHEN groupe IS NULL THEN 'groupe manquant'
        WHEN strip_accents(lower(groupe)) NOT IN ('socle', 'initial', 'additionnel') THEN 'groupe inconnu (socle, initial ou additionnel attendu)'
    END AS rejet
FROM ref_rows
