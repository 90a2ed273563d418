-- Keys the batch holds more than once (usually none), kept for valides_doubles; returns how many.
CREATE OR REPLACE TEMP TABLE cles_doubles AS
SELECT cle FROM valides GROUP BY cle HAVING count(*) > 1;

SELECT count(*) FROM cles_doubles
