"""Deployment planning: schools per phase month by month, the support load against the capacity."""

from __future__ import annotations

import datetime as dt

import duckdb
import polars as pl

from warehouse import territory
from warehouse.queries import frame

PHASES = ("I", "II", "III", "IV")
PHASE_LABELS = {"I": "I avant-projet", "II": "II déploiement", "III": "III ouverture", "IV": "IV enrichissement"}


def contract_end(con: duckdb.DuckDBPyConnection) -> dt.date | None:
    """The contract's end (territoire.toml [marche] fin), if known."""
    end = territory.settings(con).get("marche", {}).get("fin")
    return dt.date.fromisoformat(str(end)) if end else None


def capacities(con: duckdb.DuckDBPyConnection) -> dict[str, int | None]:
    """territoire.toml [deploiement]: ecoles_par_vague_max and ecoles_accompagnees_max (None when not set)."""
    found = territory.settings(con).get("deploiement", {})
    return {k: (int(found[k]) if found.get(k) is not None else None) for k in ("ecoles_par_vague_max",
            "ecoles_accompagnees_max")}  # fmt: skip


def school_phases_by_month(con: duckdb.DuckDBPyConnection, d: dt.date) -> pl.DataFrame:
    """Each school's phase at the end of each month: mois (its first day), uai, vague, phase; from the first
    candidature to the contract's end (to D when there is none, or when D is later)."""
    end = contract_end(con)
    return frame(con, "deploiement_mensuel", fin=max(end, d) if end else d)


def phases_by_month(school_months: pl.DataFrame) -> pl.DataFrame:
    """Schools per phase, month by month (every month and phase, 0 when none): mois, phase, ecoles."""
    grid = school_months.select("mois").unique().join(pl.DataFrame({"phase": PHASES}), how="cross")
    counts = school_months.group_by("mois", "phase").agg(ecoles=pl.len())
    return (
        grid.join(counts, on=["mois", "phase"], how="left")
        .with_columns(pl.col("ecoles").fill_null(0).cast(pl.Int64))
        .sort("mois", "phase")
    )


def support_load(by_month: pl.DataFrame) -> pl.DataFrame:
    """Schools in phases II and III at once, month by month (the load the support team carries): mois, ecoles."""
    return (
        by_month.filter(pl.col("phase").is_in(["II", "III"])).group_by("mois").agg(pl.col("ecoles").sum()).sort("mois")
    )


def waves(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """The waves with their planned opening: vague, libelle, ouverture_prevue."""
    return frame(con, "vagues_list")


def load_of(projected: pl.DataFrame, months: list[dt.date]) -> pl.DataFrame:
    """The support load (schools in phase II or III at each month's last day) of projected dates
    (projection.project's debut_deploiement, ouverture, phase_iv): mois, ecoles."""
    from warehouse.projection import add_months

    ends = [add_months(m, 1) - dt.timedelta(days=1) for m in months]
    starts = projected.select(pl.coalesce("debut_deploiement", "ouverture").alias("debut"), "phase_iv").drop_nulls(
        "debut"
    )
    counts = [
        starts.filter((pl.col("debut") <= e) & (pl.col("phase_iv").is_null() | (pl.col("phase_iv") > e))).height
        for e in ends
    ]
    return pl.DataFrame({"mois": months, "ecoles": counts}, schema={"mois": pl.Date, "ecoles": pl.Int64})
