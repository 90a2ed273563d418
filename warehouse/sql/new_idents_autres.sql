-- Identifiers new_idents_create left to Python (see there).
SELECT ident FROM new_idents WHERE empreinte IS NULL
