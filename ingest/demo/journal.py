"""The demo's support journal: the support team answering the demo territory's alerts, as a spreadsheet.

Written once the warehouse is loaded, from its alert history: for about two
runs of flagged weeks in three, a visit, a training session or a call in the
week after the run began, sometimes a follow-up call three weeks later; each
school followed by one of three people. Imported by `ingest suivi`, like a
real team's file.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import numpy as np

from warehouse.queries import one, rows

REFERENTS = ("C. Martin", "A. Diallo", "S. Lefèvre")
KINDS = ("visite", "formation", "appel", "visio")
NOTES = {
    "visite": "Visite de l'école : point avec la direction et la personne ressource.",
    "formation": "Formation de l'équipe enseignante aux services de l'ENT.",
    "appel": "Appel à la direction : difficultés de connexion et comptes à distribuer.",
    "visio": "Visio avec la personne ressource : usages de la messagerie et du cahier de textes.",
}


def write(con: duckdb.DuckDBPyConnection, path: Path, seed: int) -> int:
    """Write the journal CSV at `path` (`;`, UTF-8, JJ/MM/AAAA); returns how many interventions it holds."""
    rng = np.random.default_rng(seed + 17)
    (last_day,) = one(con, "metrics_last_day")
    lines = ["date;uai;type;intervenant;note;referent;statut"]
    for uai, first_week in rows(con, "demo_debuts_alerte"):
        if rng.random() > 0.65:
            continue
        referent = REFERENTS[int(rng.integers(len(REFERENTS)))]
        kind = KINDS[int(rng.integers(len(KINDS)))]
        day = first_week + dt.timedelta(days=7 + int(rng.integers(0, 4)))
        if day > last_day:  # nothing is written ahead of the data
            continue
        lines.append(f"{day:%d/%m/%Y};{uai};{kind};{referent};{NOTES[kind]};{referent};en_cours")
        again = day + dt.timedelta(days=21)
        if rng.random() < 0.4 and again <= last_day:
            lines.append(f"{again:%d/%m/%Y};{uai};appel;{referent};{NOTES['appel']};{referent};clos")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines) - 1
