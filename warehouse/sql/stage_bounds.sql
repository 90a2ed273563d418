-- The Paris days the loadable rows span: the dedup below only looks there.
SELECT min(timezone('Europe/Paris', ts))::DATE, max(timezone('Europe/Paris', ts))::DATE
FROM stage WHERE rejet IS NULL AND ignore IS NULL
