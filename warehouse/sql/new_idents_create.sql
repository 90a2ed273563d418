-- The identifiers of a batch and their keyed hashes, side by side (TEMP: the raw strings never reach the file).
CREATE OR REPLACE TEMP TABLE new_idents AS
SELECT unnest($idents::VARCHAR[]) AS ident, unnest($empreintes::VARCHAR[]) AS empreinte
