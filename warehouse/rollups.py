"""Rollups and the school calendar kept in the warehouse, refreshed by the writer after each load."""

from __future__ import annotations

import datetime as dt
import time

import duckdb

from warehouse.queries import execute, one, script, steps

ALL_DAYS = (dt.date(1, 1, 1), dt.date(9999, 12, 31))
WEEKLY = "rollups_semaines"  # meta: the weekly rollups exist


def school_year_start(day: dt.date) -> dt.date:
    """1 September of the school year `day` belongs to."""
    return dt.date(day.year if day.month >= 9 else day.year - 1, 9, 1)


def refresh(con: duckdb.DuckDBPyConnection, days: tuple[dt.date, dt.date] | None = ALL_DAYS) -> float:
    """Rebuild the rollups of the Paris days `days` (first, last), the calendar if its span moved, the cohorts
    and the alert history; returns the seconds the alert history took (the benchmarks weigh it).

    A log load passes the days its new events fall on, so that a daily file
    costs one day of rollups whatever the size of the warehouse; `None`
    means no event was added (only the calendar and cohorts are checked).
    """
    if days == ALL_DAYS:
        script(con, "rollups_vider")
        script(con, "schema")
    if days is not None:
        steps(con, "rollups", debut=days[0], fin=days[1])
    if one(con, "meta_get", cle=WEEKLY) is None:
        # A warehouse from before the weekly rollups: built once, whole.
        steps(con, "rollups_semaines", debut=ALL_DAYS[0], fin=ALL_DAYS[1])
        execute(con, "meta_set", cle=WEEKLY, valeur="oui")
    elif days is not None:
        steps(con, "rollups_semaines", debut=days[0], fin=days[1])
    _refresh_calendar(con)
    script(con, "rollup_cohortes")
    if days is None:
        return 0.0
    from warehouse import alerts

    started = time.perf_counter()
    alerts.refresh(con, max(days[0], dt.date(2000, 1, 3)))
    return time.perf_counter() - started


def _refresh_calendar(con: duckdb.DuckDBPyConnection) -> None:
    first, last = one(con, "calendrier_span")
    today = dt.date.today()
    first = school_year_start(min(d for d in (first, today) if d is not None))
    last = max(d for d in (last, today) if d is not None)
    end = dt.date(school_year_start(last).year + 1, 8, 31)
    if one(con, "calendrier_bounds") == (first, end):
        return
    from warehouse import calendar  # holiday data and Polars: only when the span moved

    frame = calendar.calendar(first, end)
    con.register("calendrier_calcule", frame.to_arrow())
    try:
        execute(con, "calendrier_replace")
    finally:
        con.unregister("calendrier_calcule")
