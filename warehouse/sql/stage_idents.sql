-- Identifiers of the loadable rows of a block, to be pseudonymised.
SELECT DISTINCT ident FROM stage WHERE rejet IS NULL AND ignore IS NULL AND ident IS NOT NULL
