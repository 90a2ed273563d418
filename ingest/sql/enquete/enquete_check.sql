-- The rows of a survey export (`enquete_lignes`, registered by
-- ingest/enquete.py with the mapped columns only), checked: a row needs a
-- valid UAI of the reference and a known profile. A response already loaded
-- for the campaign, or met earlier in the file, is a duplicate.
CREATE OR REPLACE TEMP TABLE enquete_stage AS
WITH verifiees AS (
    SELECT *, upper(trim(uai)) AS uai_n, profil_canonique(profil) AS profil_n,
        CASE
            WHEN _trop_de_champs THEN 'trop de colonnes'
            WHEN uai IS NULL THEN 'uai manquante'
            WHEN NOT uai_valide(upper(trim(uai))) THEN 'uai invalide'
            WHEN upper(trim(uai)) NOT IN (SELECT uai FROM ecoles) THEN 'uai absente du référentiel'
            WHEN profil IS NULL THEN 'profil manquant'
            WHEN profil_canonique(profil) IS NULL THEN 'profil inconnu'
        END AS motif
    FROM enquete_lignes
)
SELECT *,
    motif IS NULL AND (
        EXISTS (SELECT 1 FROM enquete_reponses r WHERE r.campagne = $campagne AND r.reponse = v.reponse)
        OR row_number() OVER (PARTITION BY motif IS NULL, reponse ORDER BY _ligne) > 1
    ) AS doublon
FROM verifiees v
