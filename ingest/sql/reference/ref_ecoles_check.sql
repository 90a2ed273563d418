CREATE OR REPLACE TEMP TABLE ref_checked AS
SELECT *, upper(uai) AS cle, 
    -- Schools, waves and services are public: a row rejected for one of its values keeps
    -- its text (addresses named); one whose fields are shifted is masked like a log line.
    CASE WHEN NOT _trop_de_champs THEN masquer_adresses(_brut) END AS _brut_sur,
    CASE
        WHEN _trop_de_champs THEN 'trop de colonnes'
        WHEN uai IS NULL THEN 'uai manquante'
        WHEN NOT uai_valide(upper(uai)) THEN 'uai invalide'
        WHEN nom IS NULL THEN 'nom manquant'
        WHEN zone IS NOT NULL AND upper(regexp_replace(zone, '(?i)^zone\s*', '')) NOT IN ('A', 'B', 'C') THEN 'zone inconnue (A, B ou C attendu)'
        WHEN date_ko(date_candidature) THEN 'date illisible (date_candidature)'
        WHEN date_ko(date_confirmation) THEN 'date illisible (date_confirmation)'
        WHEN date_ko(date_debut_deploiement) THEN 'date illisible (date_debut_deploiement)'
        WHEN date_ko(date_ouverture) THEN 'date illisible (date_ouverture)'
        WHEN date_ko(date_bilan) THEN 'date illisible (date_bilan)'
        WHEN entier_ko(eleves) THEN 'nombre illisible (eleves)'
        WHEN entier_ko(enseignants) THEN 'nombre illisible (enseignants)'
        WHEN entier_ko(demande) OR entier_ko(implication_equipe) OR entier_ko(usages_numeriques)
             OR entier_ko(etat_technique) OR entier_ko(etat_fonctionnel) THEN 'score illisible (0 à 3 attendu)'
        WHEN NOT (coalesce(lire_entier(demande), 0) BETWEEN 0 AND 3 AND coalesce(lire_entier(implication_equipe), 0) BETWEEN 0 AND 3
                  AND coalesce(lire_entier(usages_numeriques), 0) BETWEEN 0 AND 3 AND coalesce(lire_entier(etat_technique), 0) BETWEEN 0 AND 3
                  AND coalesce(lire_entier(etat_fonctionnel), 0) BETWEEN 0 AND 3) THEN 'score hors de 0 à 3'
    END AS rejet
FROM ref_rows
