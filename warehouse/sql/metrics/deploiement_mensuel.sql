-- Each school's deployment phase at the end of each month (phase_ecole),
-- from the month of the first candidature or start of deployment to the
-- month of $fin (the contract's end, or D when later or unknown); months
-- before a school's candidature have no row.
WITH bornes AS (
    SELECT date_trunc('month', least(min(date_candidature), min(date_debut_deploiement), $fin::DATE))::DATE AS debut
    FROM ecoles
), mois AS (
    SELECT m::DATE AS mois, (m + INTERVAL 1 MONTH - INTERVAL 1 DAY)::DATE AS fin_mois
    FROM bornes, generate_series(bornes.debut, date_trunc('month', $fin::DATE)::DATE, INTERVAL 1 MONTH) t(m)
), phases AS (
    SELECT m.mois, e.uai, e.vague,
           phase_ecole(m.fin_mois, e.date_candidature, e.date_debut_deploiement, e.date_ouverture, e.date_bilan)
               AS phase
    FROM mois m, ecoles e
)
SELECT mois, uai, vague, phase FROM phases WHERE phase IS NOT NULL ORDER BY mois, uai
