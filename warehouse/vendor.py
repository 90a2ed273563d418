"""The vendor's service as users met it: failed logins by month, probable outages found in the logs.

What a steering committee brings to the vendor's service-level review. An
outage is inferred, not known: an hour when logins fall to nearly none while
that hour usually has many (docs/metrics.md).
"""

from __future__ import annotations

import datetime as dt

import duckdb
import polars as pl

from warehouse.queries import frame

USUAL_MIN = 20  # logins an hour must usually have before its fall means anything
SHARE_MAX = 0.1  # "nearly none": at most this share of the usual logins


def failed_logins_by_month(con: duckdb.DuckDBPyConnection, d: dt.date) -> pl.DataFrame:
    """mois, connexions, echecs, taux_echec (failures over attempts), territory-wide up to D."""
    return frame(con, "editeur_echecs_mois", d=d)


def outages(con: duckdb.DuckDBPyConnection, d: dt.date) -> pl.DataFrame:
    """Probable outages up to D: jour, debut (Paris hour), heures, connexions (seen), connexions_habituelles."""
    return frame(con, "editeur_pannes", d=d, habituel_min=USUAL_MIN, part_max=SHARE_MAX)
