"""What the warehouse holds: the figures of `python -m ingest status` and the data-quality page."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import polars as pl

from warehouse.queries import frame, one, record


@dataclass
class Status:
    """Loaded files, events by month and kind, accounts, rejects, waiting events, unknown modules, retention
    purges."""

    reference: dict
    files: pl.DataFrame
    events_by_month: pl.DataFrame
    accounts_by_profile: pl.DataFrame
    closed_accounts: int
    forgotten_accounts: int
    rejects: pl.DataFrame
    waiting: dict
    unknown_modules: pl.DataFrame
    purges: pl.DataFrame


def status(con: duckdb.DuckDBPyConnection) -> Status:
    """Everything `ingest status` reports, as frames."""
    return Status(
        reference=record(con, "status_reference"),
        files=frame(con, "status_files"),
        events_by_month=frame(con, "status_events_by_month"),
        accounts_by_profile=frame(con, "status_accounts_by_profile"),
        closed_accounts=one(con, "status_closed_accounts")[0],
        forgotten_accounts=one(con, "status_comptes_oublies")[0],
        rejects=frame(con, "status_rejects"),
        waiting=record(con, "status_waiting"),
        unknown_modules=frame(con, "status_unknown_modules"),
        purges=frame(con, "purges_liste"),
    )


def schools(con: duckdb.DuckDBPyConnection, d) -> pl.DataFrame:
    """Every school with its wave and its deployment phase (I–IV) on D."""
    return frame(con, "ecoles_phases", d=d)


def reject_examples(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Rejected lines by reason with up to three examples each."""
    return frame(con, "status_rejets_exemples")


def loaded_files(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """The manifest of loaded files, newest first."""
    return frame(con, "status_fichiers")
