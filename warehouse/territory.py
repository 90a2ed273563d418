"""The territory's settings from territoire.toml, with the defaults of docs/metrics.md."""

from __future__ import annotations

import copy
import json

import duckdb

from warehouse.queries import one

DEFAULTS = {
    "cibles": {
        "taux_activation": {"enseignant": 0.9, "eleve": 0.7, "parent": 0.6},
        "taux_usage_28j": {"enseignant": 0.7, "eleve": 0.5, "parent": 0.4},
    },
    "accompagnement": {
        "semaines_min_depuis_ouverture": 4,
        "activation_min": {"enseignant": 0.8, "eleve": 0.5, "parent": 0.5},
        "part_enseignants_actifs_min": 0.5,
        "baisse_usage_max": 0.7,
        "semaines_sans_activite": 2,
        "semaines_services_initiaux": 4,
        "echecs_connexion_max": 0.3,
    },
    "confidentialite": {"seuil": 5, "retention_mois": 12},
}
# The shortest retention the figures allow: the support rules read up to 8 school weeks back, across the
# summer holidays, about five months (warehouse/retention.py).
RETENTION_MIN_MONTHS = 6


def _merge(base: dict, override: dict) -> dict:
    out = copy.deepcopy(base)
    for key, value in override.items():
        out[key] = _merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def settings(con: duckdb.DuckDBPyConnection) -> dict:
    """territoire.toml as loaded, over the defaults (the whole document, unknown keys kept)."""
    found = one(con, "territoire_document")
    document = json.loads(found[0]) if found and found[0] else {}
    return _merge(DEFAULTS, document)
