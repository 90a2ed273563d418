"""Rollups and the school calendar kept in the warehouse, refreshed by the writer after each load."""

from __future__ import annotations

import datetime as dt

import duckdb

from warehouse import calendar
from warehouse.queries import execute, one, script


def school_year_start(day: dt.date) -> dt.date:
    """1 September of the school year `day` belongs to."""
    return dt.date(day.year if day.month >= 9 else day.year - 1, 9, 1)


def refresh(con: duckdb.DuckDBPyConnection) -> None:
    """Rebuild the rollups and the calendar table from the events and reference tables."""
    script(con, "rollups")
    first, last = one(con, "calendar_span")
    today = dt.date.today()
    first = school_year_start(min(d for d in (first, today) if d is not None))
    last = max(d for d in (last, today) if d is not None)
    end = dt.date(school_year_start(last).year + 1, 8, 31)
    frame = calendar.calendar(first, end)
    con.register("calendrier_calcule", frame.to_arrow())
    try:
        execute(con, "calendar_replace")
    finally:
        con.unregister("calendrier_calcule")
    script(con, "rollup_cohortes")
