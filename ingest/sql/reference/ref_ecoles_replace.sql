-- A school whose new row is rejected keeps its previous one.
DELETE FROM ecoles WHERE uai NOT IN (
    SELECT cle FROM ref_stage WHERE motif IS NOT NULL AND cle IS NOT NULL
    EXCEPT SELECT cle FROM ref_stage WHERE motif IS NULL AND NOT doublon);
INSERT INTO ecoles
SELECT upper(uai), nom, commune, circonscription,
       upper(regexp_replace(zone, '(?i)^zone\s*', '')), vague,
       lire_date(date_candidature), lire_date(date_confirmation), lire_date(date_debut_deploiement),
       lire_date(date_ouverture), lire_date(date_bilan),
       lire_entier(eleves), lire_entier(enseignants),
       lire_entier(demande), lire_entier(implication_equipe), lire_entier(usages_numeriques),
       lire_entier(etat_technique), lire_entier(etat_fonctionnel)
FROM ref_stage WHERE motif IS NULL AND NOT doublon;
