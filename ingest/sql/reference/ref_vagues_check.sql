CREATE OR REPLACE TEMP TABLE ref_checked AS
SELECT *, vague AS cle, 
    -- Schools, waves and services are public: a row rejected for one of its values keeps
    -- its text (addresses named); one whose fields are shifted is masked like a log line.
    CASE WHEN NOT _trop_de_champs THEN masquer_adresses(_brut) END AS _brut_sur,
    CASE
        WHEN _trop_de_champs THEN 'trop de colonnes'
        WHEN vague IS NULL THEN 'vague manquante'
        WHEN date_ko(ouverture_prevue) THEN 'date illisible (ouverture_prevue)'
        WHEN pilote IS NOT NULL AND lire_booleen(pilote) IS NULL THEN 'valeur oui/non illisible (pilote)'
    END AS rejet
FROM ref_rows
