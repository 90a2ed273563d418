-- Small statements of the figures (metrics.py, rules.py).

-- name: metrics_last_day
-- The last day with events (a purge keeps the span it found).
SELECT greatest((SELECT max(jour) FROM activite_jour), (SELECT max(dernier_jour) FROM purges))

-- name: ecoles_list
SELECT uai, nom AS ecole, vague, circonscription, commune, zone, date_ouverture FROM ecoles ORDER BY uai

-- name: services_libelles
-- What people read for each service code: its label, else the code.
SELECT service, coalesce(libelle, service) AS libelle FROM services

-- name: calendrier_hors_donnees
-- Whether days of the school year up to $d fall outside the holiday data (then counted as school days).
SELECT coalesce(bool_or(hors_donnees), false) FROM calendrier WHERE jour BETWEEN $debut AND $d

-- name: alertes_historique
-- The alert history of the school year of $d up to $d: one row per rule that fired as of each Sunday.
SELECT semaine, uai, motif, detail, valeur, seuil FROM alertes_semaine
WHERE semaine >= date_trunc('week', $debut::DATE) AND semaine + 6 <= $d
ORDER BY semaine, uai, motif, detail

-- name: semaines_ecole
-- The school weeks of the zone of school $uai from the school year of $d (or the school's opening, if later)
-- to the last one whose Sunday is reached by $d: the weeks of its alert history.
SELECT s.semaine FROM ecoles e JOIN semaines_scolaires s ON s.zone = zone_ecole(e.zone)
WHERE e.uai = $uai AND s.semaine + 6 <= $d
  AND s.semaine >= date_trunc('week', greatest($debut::DATE, coalesce(e.date_ouverture, $debut::DATE)))
ORDER BY s.semaine

-- name: vagues_list
-- The waves with their planned opening, in their order.
SELECT vague, libelle, ouverture_prevue FROM vagues ORDER BY ordre NULLS LAST, ouverture_prevue NULLS LAST, vague

-- name: satisfaction_campagnes
-- The campaigns loaded: their scale, questions, responses and last response day.
SELECT c.campagne, c.echelle, c.questions, count(r.reponse) AS reponses, max(r.jour) AS dernier_jour
FROM enquete_campagnes c LEFT JOIN enquete_reponses r USING (campagne)
GROUP BY ALL ORDER BY dernier_jour DESC NULLS LAST, c.campagne

-- name: satisfaction_notes
-- How many responses gave each answer (NULL: no answer) to each question, per school and profile.
SELECT r.campagne, r.uai, r.profil, n.question, n.note, count(*) AS reponses
FROM enquete_reponses r JOIN enquete_notes n USING (campagne, reponse)
GROUP BY ALL ORDER BY ALL

-- name: metrics_first_day
SELECT least((SELECT min(jour) FROM activite_jour), (SELECT min(premier_jour) FROM purges))
