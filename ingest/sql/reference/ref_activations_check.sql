CREATE OR REPLACE TEMP TABLE ref_checked AS
WITH p AS (
    SELECT *,
        strip_accents(lower(portee)) AS portee_n,
        list_transform(string_split(coalesce(profils, ''), '|'),
                       lambda x: CASE WHEN lower(trim(x)) IN ('tous', 'all', '*') THEN 'tous' ELSE profil_canonique(x) END) AS profils_l
    FROM ref_rows
)
SELECT *, _brut AS cle,
    -- A target may be an account's id or login: the raw text is masked word by word.
    NULL::VARCHAR AS _brut_sur,
    CASE
        WHEN _trop_de_champs THEN 'trop de colonnes'
        WHEN service IS NULL THEN 'service manquant'
        WHEN (SELECT count(*) FROM services) > 0 AND lower(service) NOT IN (SELECT service FROM services) THEN 'service inconnu'
        WHEN portee IS NULL THEN 'portée manquante'
        WHEN portee_n NOT IN ('projet', 'ecole', 'classe', 'utilisateur') THEN 'portée inconnue (projet, ecole, classe ou utilisateur attendu)'
        WHEN portee_n <> 'projet' AND cible IS NULL THEN 'cible manquante'
        WHEN portee_n = 'ecole' AND NOT uai_valide(upper(cible)) THEN 'uai invalide'
        WHEN profils IS NULL THEN 'profils manquants'
        WHEN list_contains(list_transform(profils_l, lambda x: x IS NULL), true) THEN 'profil inconnu'
        WHEN debut IS NULL THEN 'date de début manquante'
        WHEN date_ko(debut) THEN 'date illisible (debut)'
        WHEN date_ko(fin) THEN 'date illisible (fin)'
        WHEN lire_date(fin) < lire_date(debut) THEN 'fin avant le début'
    END AS rejet
FROM p
