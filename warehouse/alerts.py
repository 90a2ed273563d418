"""The alert history: the support rules as of the Sunday ending each school week, kept up to date by loads.

The rules are deterministic as of any date, so the history is worked out
from the data: a load works again the weeks from the first day it changed
(every week after a reference load), so reading it costs a table scan.
"""

from __future__ import annotations

import datetime as dt

import duckdb

from warehouse import retention, rules
from warehouse.queries import execute, execute_text, one, rows, sql

DONE = "alertes_jusqu_au"  # meta: the last week the history was worked out for


def refresh(con: duckdb.DuckDBPyConnection, since: dt.date) -> None:
    """Work out again the alert history from the week of `since` (the first day a load changed), and every week
    not worked out yet (those before a first log load, say), up to the week of the last day with events."""
    monday = since - dt.timedelta(days=since.weekday())
    done = one(con, "meta_get", cle=DONE)
    if done is None:
        monday = dt.date(2000, 1, 3)  # nothing worked out yet: from the first opening on
    else:
        monday = min(monday, dt.date.fromisoformat(done[0]) + dt.timedelta(days=7))
    frozen = retention.frozen_until(con)
    if frozen is not None:
        # Weeks up to the last frozen Sunday are never worked out again: their traces may be gone.
        monday = max(monday, frozen + dt.timedelta(days=1))
    execute(con, "alertes_oublier", lundi=monday)
    thresholds = rules.thresholds(con)
    text = f"INSERT INTO alertes_semaine\nWITH regles AS (\n{sql('rules_flags')}\n)\n{sql('alertes_semaine')}"
    # One set-based pass per week (a few dozen a school year): each is the rules as of that Sunday.
    weeks = [lundi for (lundi,) in rows(con, "alertes_semaines", depuis=monday)]
    for lundi in weeks:
        execute_text(con, text, d=lundi + dt.timedelta(days=6), lundi=lundi, **thresholds)
    if weeks:
        execute(con, "meta_set", cle=DONE, valeur=weeks[-1].isoformat())
