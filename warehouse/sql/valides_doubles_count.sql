-- How many loadable rows of the batch repeat a key seen earlier in it (usually none).
SELECT count(*) - count(DISTINCT cle) FROM valides
