-- The Paris days the loadable rows span: the dedup below only looks there.
-- (Converting the two extremes is enough: local time grows with UTC time.)
SELECT timezone('Europe/Paris', min(ts))::DATE, timezone('Europe/Paris', max(ts))::DATE
FROM stage WHERE rejet IS NULL AND ignore IS NULL
