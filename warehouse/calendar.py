"""School days and weeks per holiday zone (docs/metrics.md).

A school day is Monday to Friday, not a public holiday and not in the zone's
school holidays. Holiday data comes from `vacances-scolaires-france`
(shipped offline) and public holidays from `jours-feries-france`; days
outside the holiday data's years are said so (`hors_donnees`) and treated as
school days.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

import polars as pl

ZONES = ("A", "B", "C")


@cache
def _holiday_data():
    from vacances_scolaires_france import SchoolHolidayDates

    data = SchoolHolidayDates().data
    return data, min(data), max(data)


@cache
def _public_holidays(year: int) -> frozenset[dt.date]:
    from jours_feries_france import JoursFeries

    return frozenset(JoursFeries.for_year(year).values())


def holiday_data_range() -> tuple[dt.date, dt.date]:
    """First and last day the school holiday data covers."""
    _, first, last = _holiday_data()
    return first, last


def calendar(start: dt.date, end: dt.date) -> pl.DataFrame:
    """One row per day × zone between `start` and `end` (inclusive).

    Columns: jour, zone, jour_semaine (1 = Monday), ferie, vacances,
    nom_vacances, hors_donnees, jour_scolaire.
    """
    data, first, last = _holiday_data()
    days = [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]
    rows = {k: [] for k in ("jour", "zone", "jour_semaine", "ferie", "vacances", "nom_vacances", "hors_donnees")}
    for day in days:
        info = data.get(day)
        public = day in _public_holidays(day.year)
        outside = not (first <= day <= last)
        for zone in ZONES:
            on_holiday = bool(info and info.get(f"vacances_zone_{zone.lower()}"))
            rows["jour"].append(day)
            rows["zone"].append(zone)
            rows["jour_semaine"].append(day.isoweekday())
            rows["ferie"].append(public)
            rows["vacances"].append(on_holiday)
            rows["nom_vacances"].append(info["nom_vacances"] if on_holiday else None)
            rows["hors_donnees"].append(outside)
    frame = pl.DataFrame(
        rows,
        schema={
            "jour": pl.Date,
            "zone": pl.String,
            "jour_semaine": pl.Int8,
            "ferie": pl.Boolean,
            "vacances": pl.Boolean,
            "nom_vacances": pl.String,
            "hors_donnees": pl.Boolean,
        },
    )
    return frame.with_columns(
        jour_scolaire=(pl.col("jour_semaine") <= 5) & ~pl.col("ferie") & ~pl.col("vacances"),
    )
