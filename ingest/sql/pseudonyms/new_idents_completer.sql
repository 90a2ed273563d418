-- The keyed hashes Python computed for the identifiers new_idents_autres listed.
UPDATE new_idents SET empreinte = m.empreinte
FROM (SELECT unnest($idents::VARCHAR[]) AS ident, unnest($empreintes::VARCHAR[]) AS empreinte) m
WHERE new_idents.ident = m.ident
