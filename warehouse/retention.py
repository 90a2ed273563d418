"""The retention purge (docs/operations.md): figures frozen at school × profile level, then older traces deleted.

Personal traces (events, events waiting for an account, the per-account
rollups, rejected lines' raw text) are kept `[confidentialite] retention_mois`
months. Before deleting them, the purge freezes what the figures read, as of
each Sunday whose figures reach back before the cut-off: adoption per school ×
profile, service use per school × service and × group, the support rules, and
the weekly activity per school × profile. Readers take a day up to the last
frozen Sunday from those rows, as of the last frozen Sunday on or before it
(the `jour_fige` macro), so a Sunday of the purged period reads the same
figures after the purge as before. What stays as it was: the alert history
and the cohorts (already per school), the territory's counts by month and by
hour, and each account's first day of use (a fact about the account, like its
activation date).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field

import duckdb

from warehouse import rules, territory
from warehouse.queries import execute, execute_text, one, record, sql, steps

# How many days past the cut-off the frozen Sundays may reach when the calendar cannot say (no school weeks).
HORIZON_DAYS = 400
MIN_MONTHS = territory.RETENTION_MIN_MONTHS


class RetentionError(Exception):
    """A purge that cannot be done as asked; the message says why, in French, for the command line."""


@dataclass
class Plan:
    """What a purge on `today` does: the cut-off, the Sundays it freezes, and what it deletes."""

    today: dt.date
    months: int
    cutoff: dt.date  # the first day whose traces are kept
    first_sunday: dt.date | None  # the first Sunday this purge freezes (None: none to freeze)
    last_sunday: dt.date | None  # the last frozen Sunday once it is done
    counts: dict[str, int] = field(default_factory=dict)  # evenements, en_attente, jours_comptes, textes_rejets
    data_span: tuple[dt.date | None, dt.date | None] = (None, None)

    @property
    def sundays(self) -> int:
        """How many Sundays this purge freezes."""
        if self.first_sunday is None or self.last_sunday is None:
            return 0
        return (self.last_sunday - self.first_sunday).days // 7 + 1

    @property
    def nothing_to_do(self) -> bool:
        """Whether the purge would neither freeze nor delete anything."""
        return not any(self.counts.values()) and not self.sundays


def months_before(day: dt.date, months: int) -> dt.date:
    """`day` `months` months earlier (the month's last day when it is shorter: 31/03 − 1 month = 28 or 29/02)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def sunday_on_or_after(day: dt.date) -> dt.date:
    """The Sunday ending the ISO week of `day`."""
    return day + dt.timedelta(days=6 - day.weekday())


def sunday_on_or_before(day: dt.date) -> dt.date:
    """`day` itself when a Sunday, else the Sunday before it."""
    return day - dt.timedelta(days=(day.weekday() + 1) % 7)


def frozen_day(con: duckdb.DuckDBPyConnection, d: dt.date) -> dt.date | None:
    """The frozen Sunday the figures as of `d` are read from, or None when they are worked out from the traces."""
    return one(con, "gel_jour", d=d)[0]


def reading_day(con: duckdb.DuckDBPyConnection, d: dt.date) -> dt.date:
    """The day the figures as of `d` are read as of: its frozen Sunday in the frozen period, else `d` itself."""
    return frozen_day(con, d) or d


def frozen_until(con: duckdb.DuckDBPyConnection) -> dt.date | None:
    """The last frozen Sunday (None before any purge)."""
    return one(con, "gel_limite_actuelle")[0]


def reach_weeks(con: duckdb.DuckDBPyConnection) -> int:
    """How many school weeks back the support rules look (the longest of their windows)."""
    t = rules.thresholds(con)
    return max(2 * t["semaines_activite"], t["semaines_services"], t["semaines_sans_activite"])


def retention_months(con: duckdb.DuckDBPyConnection) -> int:
    """`[confidentialite] retention_mois`, checked: a whole number of months, at least MIN_MONTHS."""
    value = territory.settings(con)["confidentialite"]["retention_mois"]
    if isinstance(value, bool) or not isinstance(value, int) or value < MIN_MONTHS:
        raise RetentionError(
            f"retention_mois = « {value} » dans territoire.toml : un nombre entier de mois est attendu, au moins "
            f"{MIN_MONTHS} (les règles d'accompagnement lisent jusqu'à cinq mois en arrière)"
        )
    return value


def plan(con: duckdb.DuckDBPyConnection, today: dt.date) -> Plan:
    """What a purge run on `today` would do, without doing any of it; RetentionError when it cannot be done."""
    months = retention_months(con)
    cutoff = months_before(today, months)
    first, last = one(con, "gel_etendue_donnees")
    done = frozen_until(con)
    counts = record(con, "purge_compter", coupure=cutoff)
    first_sunday = last_sunday = None
    if first is not None and first < cutoff:
        # The last day whose figures read traces from before the cut-off; every Sunday up to the first on or
        # after it is frozen (a day is read as of the Sunday on or before it).
        reach = one(con, "gel_fin", coupure=cutoff, k=reach_weeks(con), horizon=HORIZON_DAYS)[0]
        last_sunday = sunday_on_or_after(reach or cutoff + dt.timedelta(days=HORIZON_DAYS))
        if cutoff <= last < last_sunday:
            # Sundays after the last day with data would be frozen before their data came.
            raise RetentionError(
                f"les journaux chargés s'arrêtent au {last:%d/%m/%Y} : la purge figerait les chiffres jusqu'au "
                f"dimanche {last_sunday:%d/%m/%Y}, avant d'avoir leurs journaux ; chargez-les d'abord (ou attendez "
                "que les dernières traces aient dépassé la durée de conservation)"
            )
        first_sunday = done + dt.timedelta(days=7) if done else sunday_on_or_before(first)
        if last_sunday < first_sunday:
            first_sunday = None
            last_sunday = done
    else:
        last_sunday = done
    return Plan(
        today=today,
        months=months,
        cutoff=cutoff,
        first_sunday=first_sunday,
        last_sunday=last_sunday,
        counts=counts,
        data_span=(first, last),
    )


def apply(con: duckdb.DuckDBPyConnection, p: Plan) -> None:
    """Freeze the Sundays of `p`, then delete the traces before its cut-off (on the writer's private copy)."""
    if p.first_sunday is not None:
        thresholds = rules.thresholds(con)
        motifs = f"INSERT INTO gel_motifs SELECT $d::DATE, * FROM (\n{sql('rules_flags')}\n)"
        # One set-based pass per Sunday, as the alert history does: each is the figures as of that Sunday,
        # worked out live (they are marked frozen only once all are done).
        day = p.first_sunday
        while day <= p.last_sunday:
            for name in ("gel_adoption_figer", "gel_usage_services_figer", "gel_usage_groupes_figer"):
                execute(con, name, d=day)
            execute_text(con, motifs, d=day, **thresholds)
            day += dt.timedelta(days=7)
        execute(con, "gel_activite_semaine_figer", fin=p.last_sunday)
        execute(con, "gel_dimanches_marquer", premier=p.first_sunday, fin=p.last_sunday)
    steps(con, "purge_effacer", coupure=p.cutoff)
    first, last = p.data_span
    execute(con, "purge_noter", coupure=p.cutoff, premier_jour=first, dernier_jour=last, **p.counts)
