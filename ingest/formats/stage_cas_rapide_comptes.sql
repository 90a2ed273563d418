-- Per file of a fast CAS stage (stage_cas_rapide): the lines its rows stand
-- for (a record is ten lines in the layout that path accepts, a blank line
-- one), loadable rows, rejected rows. The lines are checked against the
-- file's own count, as stage_counts' rows are for one-line records.
SELECT fichier_id, sum(CASE WHEN ignore = 'ligne vide' THEN 1 ELSE 10 END)::BIGINT,
       count(*) FILTER (WHERE rejet IS NULL AND ignore IS NULL),
       count(*) FILTER (WHERE rejet IS NOT NULL)
FROM stage GROUP BY fichier_id
