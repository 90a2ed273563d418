-- Schools with their deployment phase on $d (phase_ecole, definitions.sql).
SELECT e.uai, e.nom AS ecole, e.commune, e.circonscription, e.zone, e.vague, v.libelle AS vague_libelle,
       coalesce(v.pilote, false) AS pilote,
       e.date_candidature, e.date_confirmation, e.date_debut_deploiement, e.date_ouverture, e.date_bilan,
       e.eleves, e.enseignants, e.demande, e.implication_equipe, e.usages_numeriques, e.etat_technique, e.etat_fonctionnel,
       phase_ecole($d, e.date_candidature, e.date_debut_deploiement, e.date_ouverture, e.date_bilan) AS phase
FROM ecoles e LEFT JOIN vagues v USING (vague)
ORDER BY e.uai
