CREATE OR REPLACE TEMP TABLE ref_checked AS
SELECT *, lower(id) AS cle,
    -- Accounts name people: the raw text is masked word by word (masquer).
    NULL::VARCHAR AS _brut_sur,
    CASE
        WHEN _trop_de_champs THEN 'trop de colonnes'
        WHEN id IS NULL THEN 'identifiant manquant'
        WHEN uai IS NULL THEN 'uai manquante'
        WHEN NOT uai_valide(upper(uai)) THEN 'uai invalide'
        WHEN profil IS NULL THEN 'profil manquant'
        WHEN profil_canonique(profil) IS NULL THEN 'profil inconnu'
        WHEN date_ko(date_creation) THEN 'date illisible (date_creation)'
        WHEN date_ko(date_distribution) THEN 'date illisible (date_distribution)'
        WHEN date_ko(date_activation) THEN 'date illisible (date_activation)'
        WHEN personne_ressource IS NOT NULL AND lire_booleen(personne_ressource) IS NULL
             THEN 'valeur oui/non illisible (personne_ressource)'
    END AS rejet
FROM ref_rows
