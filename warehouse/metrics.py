"""The figures of DESIGN §4 as Polars frames: adoption, weekly activity, service usage.

Every function takes a connection (a reader, or the writer in tests) and the
as-of date D; days after D never count. Counts here are exact; masking small
cells is for outputs meant for people (warehouse/masking.py).
"""

from __future__ import annotations

import datetime as dt

import duckdb
import polars as pl

from warehouse.queries import execute, frame, one
from warehouse.rollups import school_year_start

RATES = {
    "taux_activation": ("comptes_actives", "comptes_distribues"),
    "taux_usage_28j": ("actifs_28j", "comptes_distribues"),
}


def last_day(con: duckdb.DuckDBPyConnection) -> dt.date | None:
    """The last day with events (the default as-of date)."""
    return one(con, "metrics_last_day")[0]


def _with_rates(df: pl.DataFrame) -> pl.DataFrame:
    return df.with_columns(**{
        rate: pl.when(pl.col(den) > 0).then(pl.col(num) / pl.col(den)).otherwise(None)
        for rate, (num, den) in RATES.items()
    })


def _prepare(con: duckdb.DuckDBPyConnection, d: dt.date) -> None:
    execute(con, "metrics_etat_comptes", d=d)


def adoption_by_school(con: duckdb.DuckDBPyConnection, d: dt.date) -> pl.DataFrame:
    """School × profile: comptes, comptes_distribues, comptes_actives, taux_activation, actifs_28j, taux_usage_28j."""
    _prepare(con, d)
    df = _with_rates(frame(con, "metrics_adoption_ecole"))
    return df.select("uai", "ecole", "vague", "profil", "comptes", "comptes_distribues", "comptes_actives",
                     "taux_activation", "actifs_28j", "taux_usage_28j")


def adoption_by_wave(con: duckdb.DuckDBPyConnection, d: dt.date) -> pl.DataFrame:
    """Wave × profile: ecoles and the same figures as by school."""
    _prepare(con, d)
    df = _with_rates(frame(con, "metrics_adoption_vague"))
    return df.select("vague", "profil", "ecoles", "comptes", "comptes_distribues", "comptes_actives",
                     "taux_activation", "actifs_28j", "taux_usage_28j")


def weekly_activity(con: duckdb.DuckDBPyConnection, d: dt.date) -> pl.DataFrame:
    """ISO week × school × profile with activity, in the school year of D up to D."""
    return frame(con, "metrics_activite_hebdo", debut=school_year_start(d), d=d)


def service_usage(con: duckdb.DuckDBPyConnection, d: dt.date) -> pl.DataFrame:
    """School × service: accounts for which it is active on D, users and accesses in the 28 days ending D."""
    _prepare(con, d)
    execute(con, "metrics_services_actifs", d=d)
    return frame(con, "metrics_usage_services", d=d)
