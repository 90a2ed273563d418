-- Rows sharing a key: the first wins; an identical repeat is a duplicate, a
-- different one is rejected naming the line it clashes with.
CREATE OR REPLACE TEMP TABLE ref_stage AS
SELECT *,
    CASE WHEN rejet IS NULL AND premiere_ligne < _ligne AND premier_brut <> _brut
         THEN 'en double (voir ligne ' || premiere_ligne || ')' ELSE rejet END AS motif,
    coalesce(rejet IS NULL AND premiere_ligne < _ligne AND premier_brut = _brut, false) AS doublon
FROM (
    SELECT *,
        first_value(_ligne) OVER w AS premiere_ligne,
        first_value(_brut) OVER w AS premier_brut
    FROM ref_checked
    WINDOW w AS (PARTITION BY rejet IS NULL, cle ORDER BY _ligne)
)
