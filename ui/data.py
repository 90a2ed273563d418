"""Cached access to the warehouse for the pages.

Each call takes its own connection to a read-only instance of the published
file (db.SharedReader), which never blocks a load: loads write a copy and
swap it in. Results are cached with `st.cache_data`, keyed by the published
file's identity: the first rerun after a load opens the new file and
computes fresh figures, with no restart.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import polars as pl
import streamlit as st

from warehouse import db, effects, metrics, planning, retention, rules, satisfaction, status, suivi, territory
from warehouse.settings import settings

FUNCTIONS: dict[str, Callable] = {
    "last_day": metrics.last_day,
    "adoption_by_school": metrics.adoption_by_school,
    "weekly_activity": metrics.weekly_activity,
    "service_usage": metrics.service_usage,
    "cohort_curves": metrics.cohort_curves,
    "year_over_year": metrics.year_over_year,
    "service_groups_by_year": metrics.service_groups_by_year,
    "holiday_weeks": metrics.holiday_weeks,
    "school_weeks_before": metrics.school_weeks_before,
    "outside_holiday_data": metrics.outside_holiday_data,
    "service_gaps": metrics.service_gaps,
    "support_flags": rules.support_flags,
    "schools_to_support": rules.schools_to_support,
    "alert_history": rules.alert_history,
    "flagged_since": rules.flagged_since,
    "history_grid": rules.history_grid,
    "weeks_around": effects.weeks_around,
    "helped_pairs": effects.helped_pairs,
    "trend": effects.trend,
    "schools": status.schools,
    "school_phases_by_month": planning.school_phases_by_month,
    "capacities": planning.capacities,
    "waves": planning.waves,
    "satisfaction_by_group": satisfaction.by_group,
    "satisfaction_campaigns": satisfaction.campaigns,
    "satisfaction_answers": satisfaction.answers,
    "status": status.status,
    "reject_examples": status.reject_examples,
    "loaded_files": status.loaded_files,
    "territory": territory.settings,
    "frozen_day": retention.frozen_day,
    "up_to_date": db.up_to_date,
}


READERS = db.SharedReader()


def warehouse_path():
    return settings().warehouse


def version() -> tuple | None:
    """Identity of the published warehouse (None when there is none)."""
    return db.version(warehouse_path())


@st.cache_data(show_spinner=False, max_entries=256)
def _cached(name: str, path: str, version_key: tuple, args: tuple):
    with READERS.connect(path, version_key) as con:
        return FUNCTIONS[name](con, *args)


def get(name: str, *args):
    """The result of a warehouse function, cached for the current published version."""
    key = version()
    if key is None:
        raise db.WarehouseMissing(str(warehouse_path()))
    return _cached(name, str(warehouse_path()), key, args)


def flagged(d: dt.date) -> pl.DataFrame:
    """rules.schools_to_support, from the cached support flags (a page that shows both evaluates the rules
    once)."""
    return rules.flagged_schools(get("support_flags", d), get("schools", d))


def scorecard(d: dt.date, uais: tuple[str, ...] | None = None) -> pl.DataFrame:
    """The targets against the measured values (over the schools `uais` when given)."""
    return _cached_scorecard(str(warehouse_path()), version(), d, uais)


@st.cache_data(show_spinner=False, max_entries=32)
def _cached_scorecard(path: str, version_key: tuple, d: dt.date, uais: tuple[str, ...] | None) -> pl.DataFrame:
    with READERS.connect(path, version_key) as con:
        return metrics.scorecard(con, d, territory.settings(con)["cibles"], uais)


def journal_path():
    """The support journal's store (next to the warehouse, or ENT_SUIVI)."""
    return suivi.suivi_path(warehouse_path())


def journal() -> pl.DataFrame:
    """Every intervention of the support journal, cached until one is added."""
    return _cached_journal(str(journal_path()), suivi.version(journal_path()))


@st.cache_data(show_spinner=False, max_entries=4)
def _cached_journal(path: str, version_key: tuple) -> pl.DataFrame:
    from pathlib import Path

    return suivi.read(Path(path))


def journal_key(uais: list[str] | None = None) -> tuple[tuple[str, dt.date], ...]:
    """The interventions as (uai, day) pairs (of the schools `uais`, when given): what the effect queries need,
    hashable for the cache."""
    found = journal()
    if uais is not None:
        found = found.filter(pl.col("uai").is_in(uais))
    return tuple(found.select("uai", "date").unique().sort("uai", "date").iter_rows())


def export_pack(d: dt.date, seuil: int, uais: tuple[str, ...] | None = None) -> dict[str, bytes]:
    """The export files of docs/cli.md as bytes, for download buttons (the schools `uais` only, when given)."""
    return _cached_pack(
        str(warehouse_path()), version(), str(journal_path()), suivi.version(journal_path()), d, seuil, uais
    )


@st.cache_data(show_spinner=False, max_entries=8)
def _cached_pack(
    path: str,
    version_key: tuple,
    journal_at: str,
    journal_version: tuple,
    d: dt.date,
    seuil: int,
    uais: tuple[str, ...] | None = None,
) -> dict[str, bytes]:
    import tempfile
    from pathlib import Path

    from warehouse import export

    with READERS.connect(path, version_key) as con, tempfile.TemporaryDirectory() as tmp:
        export.export(con, Path(tmp), d, seuil, uais, suivi.read(Path(journal_at)))
        return {p.name: p.read_bytes() for p in sorted(Path(tmp).iterdir())}


def dossier(d: dt.date, seuil: int, uais: tuple[str, ...] | None = None):
    """The decision dossier as of D: the gathered figures, and its HTML and XLSX files as bytes."""
    return _cached_dossier(str(warehouse_path()), version(), d, seuil, uais)


@st.cache_data(show_spinner=False, max_entries=8)
def _cached_dossier(path: str, version_key: tuple, d: dt.date, seuil: int, uais: tuple[str, ...] | None):
    import tempfile
    from pathlib import Path

    from warehouse import dossier as decision

    with READERS.connect(path, version_key) as con:
        found = decision.gather(con, d, seuil, uais)
    with tempfile.TemporaryDirectory() as tmp:
        decision.write_html(found, Path(tmp) / "d.html")
        decision.write_xlsx(found, Path(tmp) / "d.xlsx")
        return found, (Path(tmp) / "d.html").read_bytes(), (Path(tmp) / "d.xlsx").read_bytes()
