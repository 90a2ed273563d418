-- Identifiers new_idents_empreintes left to Python (see there).
SELECT ident FROM new_idents WHERE empreinte IS NULL
