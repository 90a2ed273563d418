"""Did the support team's interventions help? The school's weeks around each intervention, and the schools
helped against the schools flagged but not helped over the same weeks (docs/metrics.md).

The interventions come from the support journal (its own SQLite store); they
are handed to DuckDB for the one query that needs them, never left behind.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import duckdb
import polars as pl

from warehouse.queries import frame
from warehouse.rollups import school_year_start

# School weeks on each side of an intervention's week.
WEEKS = 4
JOURNAL = "journal_interventions"


def _with_journal(con: duckdb.DuckDBPyConnection, journal: Iterable[tuple[str, dt.date]], name: str, **params):
    pairs = list(journal)
    table = pl.DataFrame(
        {"uai": [u for u, _ in pairs], "jour": [d for _, d in pairs]}, schema={"uai": pl.String, "jour": pl.Date}
    )
    con.register(JOURNAL, table.to_arrow())
    try:
        return frame(con, name, **params)
    finally:
        con.unregister(JOURNAL)


def weeks_around(con: duckdb.DuckDBPyConnection, d: dt.date, journal: Iterable[tuple[str, dt.date]]) -> pl.DataFrame:
    """For each intervention (uai, day) of `journal` up to D: the school's weekly active users and reasons (codes)
    in the 4 school weeks before its week and the 4 after reached by D: uai, jour, position (-4..-1, 1..4),
    semaine, utilisateurs_actifs, motifs."""
    journal = list(journal)
    first = min((day for _, day in journal), default=d)
    # Four school weeks before the earliest intervention lie well within 20 calendar weeks.
    return _with_journal(
        con,
        journal,
        "effets_interventions",
        d=d,
        debut=first - dt.timedelta(weeks=20),
        uais=sorted({uai for uai, _ in journal}),
    )


def around_each(weeks: pl.DataFrame) -> pl.DataFrame:
    """`weeks_around` summed up per intervention: uai, jour, semaines_avant, actifs_avant (mean weekly active
    users), semaines_apres, actifs_apres, motifs_avant (reasons of the last week before), motifs_apres (of the
    last week after reached)."""
    before, after = pl.col("position") < 0, pl.col("position") > 0
    return (
        weeks.sort("position")
        .group_by("uai", "jour", maintain_order=True)
        .agg(
            semaines_avant=before.sum(),
            actifs_avant=pl.col("utilisateurs_actifs").filter(before).mean(),
            semaines_apres=after.sum(),
            actifs_apres=pl.col("utilisateurs_actifs").filter(after).mean(),
            motifs_avant=pl.col("motifs").filter(before).last(),
            motifs_apres=pl.col("motifs").filter(after).last(),
        )
        .sort("uai", "jour")
    )


def helped_pairs(con: duckdb.DuckDBPyConnection, d: dt.date, journal: Iterable[tuple[str, dt.date]]) -> pl.DataFrame:
    """Each school helped (its first intervention of the school year of D, at week `semaine`, while flagged) and
    each school flagged then but not helped by the end of its window: uai, semaine, groupe (aidee | temoin),
    actifs_avant, actifs_apres (mean weekly active users over the 4 school weeks before and after)."""
    return _with_journal(con, journal, "effets_comparaison", d=d, debut=school_year_start(d))


GROUPS = {"aidee": "Écoles accompagnées", "temoin": "Écoles signalées non accompagnées"}


def helped_against_not(pairs: pl.DataFrame) -> pl.DataFrame:
    """Helped schools against not helped ones (a difference in differences): groupe, ecoles, actifs_avant,
    actifs_apres, evolution. The not-helped side is weighted like the helped one: each week counts as many
    times as schools were helped that week, so both sides cover the same weeks; weeks without any school on
    one side are left out."""
    helped = pairs.filter(pl.col("groupe") == "aidee")
    controls = pairs.filter(pl.col("groupe") == "temoin")
    both = helped.join(controls.select("semaine").unique(), on="semaine", how="semi")
    per_week = (
        controls.join(both.select("semaine").unique(), on="semaine", how="semi")
        .group_by("semaine")
        .agg(pl.col("actifs_avant").mean(), pl.col("actifs_apres").mean())
    )
    weighted = both.select("semaine").join(per_week, on="semaine")
    used_controls = controls.join(both.select("semaine").unique(), on="semaine", how="semi")
    rows = [
        {
            "groupe": GROUPS["aidee"],
            "ecoles": both["uai"].n_unique(),
            "actifs_avant": both["actifs_avant"].mean(),
            "actifs_apres": both["actifs_apres"].mean(),
        },
        {
            "groupe": GROUPS["temoin"],
            "ecoles": used_controls["uai"].n_unique(),
            "actifs_avant": weighted["actifs_avant"].mean(),
            "actifs_apres": weighted["actifs_apres"].mean(),
        },
    ]
    out = pl.DataFrame(
        rows, schema={"groupe": pl.String, "ecoles": pl.Int64, "actifs_avant": pl.Float64, "actifs_apres": pl.Float64}
    )
    return out.with_columns(evolution=pl.col("actifs_apres") - pl.col("actifs_avant"))


def difference_in_differences(sides: pl.DataFrame) -> float | None:
    """The helped schools' change minus the not-helped schools' change (None when a side is empty)."""
    changes = sides["evolution"].to_list()
    return None if None in changes else changes[0] - changes[1]


def trend(con: duckdb.DuckDBPyConnection, d: dt.date) -> pl.DataFrame:
    """Each open school's mean weekly active users over its last 4 school weeks reached by D and over the 4
    before: uai, actifs_4_semaines, actifs_4_precedentes."""
    return frame(con, "tendance_ecoles", d=d)
