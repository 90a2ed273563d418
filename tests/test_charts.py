"""Charts read as people expect: every week of the school year drawn, zero where nothing happened, French months."""

from __future__ import annotations

import datetime as dt

import polars as pl

from warehouse import charts


def weekly(rows: list[tuple[str, str, int]]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "semaine": [dt.date.fromisoformat(w) for w, _, _ in rows],
            "uai": ["0381001G"] * len(rows),
            "profil": [p for _, p, _ in rows],
            "utilisateurs_actifs": [n for _, _, n in rows],
        }
    )


def test_weeks_without_activity_are_drawn_at_zero_up_to_the_observation_date():
    # Active pupils in the weeks of 1 and 15 September 2025; D is Wednesday 24 September.
    fig = charts.weekly_active_users(
        weekly([("2025-09-01", "eleve", 12), ("2025-09-15", "eleve", 7)]), dt.date(2025, 9, 24), seuil=5
    )
    (trace,) = fig.data
    assert [str(x) for x in trace.x] == ["2025-09-01", "2025-09-08", "2025-09-15", "2025-09-22"]
    assert list(trace.y) == [12, 0, 7, 0]
    assert fig.layout.yaxis.rangemode == "tozero" and fig.layout.yaxis.tickformat == ",d"


def test_a_small_weekly_count_is_not_drawn_but_zero_is():
    fig = charts.weekly_active_users(
        weekly([("2025-09-01", "enseignant", 3), ("2025-09-08", "enseignant", 6)]), dt.date(2025, 9, 16), seuil=5
    )
    assert list(fig.data[0].y) == [None, 6, 0]


def test_month_ticks_are_french():
    fig = charts.weekly_active_users(weekly([("2025-12-29", "parent", 40)]), dt.date(2026, 2, 3), seuil=1)
    # From the week of 1 September 2025 to the week of 2 February 2026.
    assert list(fig.layout.xaxis.ticktext) == ["sept. 2025", "oct.", "nov.", "déc.", "janv. 2026", "févr."]
    assert [str(t) for t in fig.layout.xaxis.tickvals][:2] == ["2025-09-01", "2025-10-01"]
