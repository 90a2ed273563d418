-- Schools with their deployment phase on $d (docs/inputs.md): I from candidature,
-- II from the start of deployment, III from opening, IV from the review.
SELECT e.uai, e.nom AS ecole, e.commune, e.circonscription, e.zone, e.vague, v.libelle AS vague_libelle,
       coalesce(v.pilote, false) AS pilote,
       e.date_candidature, e.date_confirmation, e.date_debut_deploiement, e.date_ouverture, e.date_bilan,
       e.eleves, e.enseignants, e.demande, e.implication_equipe, e.usages_numeriques, e.etat_technique, e.etat_fonctionnel,
       CASE WHEN e.date_bilan <= $d THEN 'IV'
            WHEN e.date_ouverture <= $d THEN 'III'
            WHEN e.date_debut_deploiement <= $d THEN 'II'
            WHEN e.date_candidature <= $d OR e.date_candidature IS NULL THEN 'I' END AS phase
FROM ecoles e LEFT JOIN vagues v USING (vague)
ORDER BY e.uai
