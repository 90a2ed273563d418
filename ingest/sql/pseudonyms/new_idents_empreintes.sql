-- The identifiers of a batch (`lot`: the caller's query, composed in front
-- by pseudonym.assign_pids into TEMP TABLE new_idents, so the raw strings
-- never reach the file) and their keyed hashes. HMAC-SHA-256 is
-- SHA-256(K xor opad || SHA-256(K xor ipad || text)) (RFC 2104): the two
-- padded keys come from Python, the hashing is DuckDB's, over all the
-- batch at once. Only identifiers of printable ASCII without end spaces
-- are hashed here: for them Python's strip().lower() (the normalisation of
-- pseudonym.fingerprints) changes nothing, so both give the same pid. The
-- others (accents, tabs...) are left NULL and hashed in Python.
SELECT ident,
       CASE WHEN regexp_full_match(ident, '[!-~]([ -~]*[!-~])?') AND ident = lower(ident)
            THEN sha256($cle_externe || unhex(sha256($cle_interne || encode(ident)))) END AS empreinte
FROM (SELECT DISTINCT ident FROM lot WHERE ident IS NOT NULL)
