-- Cohorts: per school, profile and week since opening (up to the last day
-- with events), the accounts existing at the week's end, distributed and
-- activated by then, and active during the week. Waves compare at the same
-- age by summing these over their schools.
CREATE OR REPLACE TABLE cohorte_ecole_semaine AS
WITH fin AS (
    SELECT coalesce(max(jour), current_date) AS dernier_jour FROM evenements
), grille AS (
    SELECT e.uai, e.vague, s.semaine, ((s.semaine - date_trunc('week', e.date_ouverture)::DATE) // 7)::INTEGER AS k,
           least(s.semaine + 6, f.dernier_jour) AS fin_semaine
    FROM ecoles e, fin f,
         (SELECT DISTINCT date_trunc('week', jour)::DATE AS semaine FROM calendrier) s
    WHERE e.date_ouverture IS NOT NULL
      AND s.semaine >= date_trunc('week', e.date_ouverture)::DATE AND s.semaine <= f.dernier_jour
), etat AS (
    SELECT g.uai, g.vague, g.semaine, g.k, c.profil, c.compte,
           least(c.date_activation, p.jour) <= g.fin_semaine AS active,
           coalesce(least(c.date_activation, p.jour) <= g.fin_semaine, false)
             OR NOT c.distribution_connue OR coalesce(c.date_distribution <= g.fin_semaine, false) AS distribue
    FROM grille g
    JOIN comptes c ON c.uai = g.uai
     AND (c.valide_depuis IS NULL OR c.valide_depuis <= g.fin_semaine)
     AND (c.valide_jusqu_au IS NULL OR g.fin_semaine < c.valide_jusqu_au)
     AND (c.date_creation IS NULL OR c.date_creation <= g.fin_semaine)
    LEFT JOIN premiere_activite p ON p.compte = c.compte
), actifs AS (
    SELECT uai, profil, date_trunc('week', jour)::DATE AS semaine, count(DISTINCT compte) AS actifs_semaine
    FROM activite_jour WHERE connexions + acces > 0 GROUP BY ALL
)
SELECT e.uai, e.vague, e.semaine, e.k AS semaines_depuis_ouverture, e.profil,
       count(*) AS comptes,
       count(*) FILTER (WHERE e.distribue) AS comptes_distribues,
       count(*) FILTER (WHERE coalesce(e.active, false)) AS comptes_actives,
       coalesce(any_value(a.actifs_semaine), 0) AS actifs_semaine
FROM etat e LEFT JOIN actifs a ON a.uai = e.uai AND a.profil = e.profil AND a.semaine = e.semaine
GROUP BY e.uai, e.vague, e.semaine, e.k, e.profil
ORDER BY e.uai, e.semaine, e.profil;
