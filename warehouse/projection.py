"""Where the waiting schools would go: the next waves within the capacities, and what a slip would cost.

The algorithm is written for people in docs/planning.md; it is a plain
greedy placement a committee can redo by hand. A territory has at most a few
thousand schools, so it runs in Python over rows, at every change of a
what-if control.
"""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass, field

import polars as pl

CRITERIA = ("demande", "implication_equipe", "usages_numeriques", "etat_technique", "etat_fonctionnel")
# Used when no school of the territory has both dates yet.
DEFAULT_LEAD_MONTHS = 3  # start of deployment → opening
DEFAULT_REVIEW_MONTHS = 12  # opening → review (phase IV)
PROJECTED_WAVES = 10  # new yearly waves tried after the last declared one


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` moved by whole months, kept within the month (31/01 + 1 → 28/02 or 29/02)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    for d in (31, 30, 29, 28):
        try:
            return dt.date(year, month + 1, min(day.day, d))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def months_between(start: dt.date, end: dt.date) -> int:
    """Whole months from `start` to `end`, rounded to the nearest."""
    return round((end - start).days / 30.44)


@dataclass(frozen=True)
class Plan:
    """The what-if: capacities and slips."""

    per_wave_max: int | None = None  # [deploiement] ecoles_par_vague_max; None: no limit
    support_max: int | None = None  # [deploiement] ecoles_accompagnees_max; None: no limit
    slips: dict[str, int] = field(default_factory=dict)  # wave → months it opens later


def _month(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def _supported_months(start: dt.date, phase_iv: dt.date | None, until: int) -> range:
    """The months at whose last day a school is in phase II or III (the support load's months): from the month it
    starts (its deployment, else its opening) to the month before its phase IV (to `until` without one)."""
    return range(_month(start), (_month(phase_iv) - 1 if phase_iv else until) + 1)


def durations(schools: pl.DataFrame) -> tuple[int, int]:
    """The territory's own lead (start of deployment → opening) and review (opening → phase IV) times in months:
    medians over the schools that have both dates, else the defaults."""
    both = schools.filter(pl.col("date_debut_deploiement").is_not_null() & pl.col("date_ouverture").is_not_null())
    lead = [months_between(a, b) for a, b in both.select("date_debut_deploiement", "date_ouverture").iter_rows()]
    reviewed = schools.filter(pl.col("date_ouverture").is_not_null() & pl.col("date_bilan").is_not_null())
    review = [months_between(a, b) for a, b in reviewed.select("date_ouverture", "date_bilan").iter_rows()]
    return (
        round(statistics.median(lead)) if lead else DEFAULT_LEAD_MONTHS,
        round(statistics.median(review)) if review else DEFAULT_REVIEW_MONTHS,
    )


def project(schools: pl.DataFrame, waves: pl.DataFrame, d: dt.date, end: dt.date | None, plan: Plan) -> pl.DataFrame:
    """Every school's expected dates under `plan`: uai, ecole, vague, vague_declaree (in ecoles.csv), score, rang
    (waiting schools' rank),
    debut_deploiement, ouverture, phase_iv, projetee (placed by this projection), phase_iv_avant_fin (phase IV
    reached by the contract's end; None without an end).

    `schools`: status.schools as of D (dates, criteria, phase); `waves`: vague, libelle, ouverture_prevue.
    """
    lead, review = durations(schools)
    horizon = _month(add_months(end or d, 12 * PROJECTED_WAVES))
    wave_open = {
        w: add_months(day, plan.slips.get(w, 0))
        for w, day in waves.select("vague", "ouverture_prevue").iter_rows()
        if day is not None
    }
    load: dict[int, int] = {}
    members: dict[str, int] = {}
    rows = []

    def shifted(day: dt.date | None, wave: str | None) -> dt.date | None:
        # A slip moves the dates still to come of the wave's schools.
        months = plan.slips.get(wave, 0) if wave else 0
        return add_months(day, months) if day and months and day > d else day

    # Still in phase I on D (neither deploying nor open), whatever wave ecoles.csv gives it: the projection places it.
    is_waiting = (pl.col("date_debut_deploiement").is_null() | (pl.col("date_debut_deploiement") > d)) & (
        pl.col("date_ouverture").is_null() | (pl.col("date_ouverture") > d)
    )
    for s in schools.filter(~is_waiting).iter_rows(named=True):
        opening = shifted(s["date_ouverture"], s["vague"]) or wave_open.get(s["vague"])
        start = shifted(s["date_debut_deploiement"], s["vague"])
        phase_iv = shifted(s["date_bilan"], s["vague"])
        if opening:
            start = start or add_months(opening, -lead)
            phase_iv = phase_iv or add_months(opening, review)
            for m in _supported_months(start, phase_iv, horizon):
                load[m] = load.get(m, 0) + 1
        members[s["vague"]] = members.get(s["vague"], 0) + 1
        rows.append((s, s["vague"], start, opening, phase_iv, False, None))

    waiting = (
        schools.filter(is_waiting)
        .with_columns(score=pl.sum_horizontal(*[pl.col(c).fill_null(0) for c in CRITERIA]))
        .sort(["score", "date_candidature", "uai"], descending=[True, False, False], nulls_last=True)
    )
    # The waves a waiting school may join: declared ones still to open, then one a year after the last.
    future = sorted((day, w) for w, day in wave_open.items() if day > d)
    last = max(wave_open.values(), default=None)
    first_new = add_months(last, 12) if last else dt.date(d.year + (d.month >= 9), 9, 1)
    while _month(first_new) <= _month(d):
        first_new = add_months(first_new, 12)
    future += [
        (add_months(first_new, 12 * i), f"projetée {add_months(first_new, 12 * i).year}")
        for i in range(PROJECTED_WAVES)
    ]
    for rank, s in enumerate(waiting.iter_rows(named=True), start=1):
        chosen = None
        for opening, wave in future:
            if plan.per_wave_max is not None and members.get(wave, 0) >= plan.per_wave_max:
                continue
            start = max(add_months(opening, -lead), d + dt.timedelta(days=1))
            phase_iv = add_months(opening, review)
            months = _supported_months(start, phase_iv, horizon)
            if plan.support_max is not None and any(load.get(m, 0) >= plan.support_max for m in months):
                continue
            chosen = (wave, start, opening, phase_iv)
            break
        if chosen is None:
            rows.append((s, None, None, None, None, True, rank))
            continue
        wave, start, opening, phase_iv = chosen
        members[wave] = members.get(wave, 0) + 1
        for m in _supported_months(start, phase_iv, horizon):
            load[m] = load.get(m, 0) + 1
        rows.append((s, wave, start, opening, phase_iv, True, rank))

    out = pl.DataFrame(
        [
            {
                "uai": s["uai"],
                "ecole": s["ecole"],
                "vague": wave,
                "vague_declaree": s["vague"],
                "score": sum(s[c] or 0 for c in CRITERIA),
                "rang": rank,
                "debut_deploiement": start,
                "ouverture": opening,
                "phase_iv": phase_iv,
                "projetee": projected,
            }
            for s, wave, start, opening, phase_iv, projected, rank in rows
        ],
        schema={
            "uai": pl.String,
            "ecole": pl.String,
            "vague": pl.String,
            "vague_declaree": pl.String,
            "score": pl.Int64,
            "rang": pl.Int64,
            "debut_deploiement": pl.Date,
            "ouverture": pl.Date,
            "phase_iv": pl.Date,
            "projetee": pl.Boolean,
        },  # fmt: skip
    )
    return out.with_columns(
        phase_iv_avant_fin=pl.lit(None, pl.Boolean) if end is None else pl.col("phase_iv").le(end).fill_null(False)
    ).sort("rang", "ouverture", "uai", nulls_last=True)
