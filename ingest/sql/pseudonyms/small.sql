-- Small statements of pseudonymisation (pseudonym.py).

-- name: new_idents_autres
-- Identifiers new_idents_empreintes left to Python (see there).
SELECT ident FROM new_idents WHERE empreinte IS NULL
