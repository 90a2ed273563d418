"""The support team's follow-up: the weekly list of flagged schools and the follow-up file of the export pack.

Pure assembly of frames: the flags and the history come from the warehouse,
the interventions from the support journal (warehouse/suivi.py).
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from warehouse import reasons
from warehouse.rollups import school_year_start

FOLLOW_UP = ["uai", "ecole", "en_alerte_depuis", "motifs", "referent", "derniere_intervention", "interventions"]
WEEKLY_LIST = [
    "uai", "ecole", "vague", "circonscription", "nb_motifs", "en_alerte_depuis", "motifs_detail", "referent",
    "derniere_intervention", "type_intervention", "actifs_4_semaines", "tendance",
]  # fmt: skip


def journal_summary(journal: pl.DataFrame, d: dt.date) -> pl.DataFrame:
    """Per school, from the interventions dated up to D: referent (of the latest naming one),
    derniere_intervention and type_intervention (the latest), interventions (how many in the school year of D)."""
    known = journal.filter(pl.col("date") <= d).sort("date", maintain_order=True)
    latest = known.group_by("uai").agg(
        derniere_intervention=pl.col("date").last(), type_intervention=pl.col("type").last()
    )
    referents = known.filter(pl.col("referent") != "").group_by("uai").agg(referent=pl.col("referent").last())
    counts = known.filter(pl.col("date") >= school_year_start(d)).group_by("uai").agg(interventions=pl.len())
    return (
        latest.join(referents, on="uai", how="left")
        .join(counts, on="uai", how="left")
        .with_columns(pl.col("interventions").fill_null(0).cast(pl.Int64))
    )


def flagged_since(flagged: pl.DataFrame, since: pl.DataFrame, d: dt.date) -> pl.DataFrame:
    """uai, en_alerte_depuis for the schools flagged as of D: the start of their run in the alert history, or
    the week of D for a school whose flag is newer than the history's last Sunday."""
    monday = d - dt.timedelta(days=d.weekday())
    return (
        flagged.select("uai")
        .join(since, on="uai", how="left")
        .with_columns(pl.col("en_alerte_depuis").fill_null(monday))
    )


def weekly_list(
    flagged: pl.DataFrame,
    flags: pl.DataFrame,
    since: pl.DataFrame,
    trend: pl.DataFrame,
    journal: pl.DataFrame,
    d: dt.date,
) -> pl.DataFrame:
    """The week's list for the support team, most severe first (most reasons, then flagged longest): the
    flagged schools with since when, each reason's value against its threshold, referent, last intervention,
    mean weekly active users over the last 4 school weeks and their change from the 4 before (`tendance`)."""
    details = (
        flags.with_columns(
            texte=pl.struct("motif", "detail", "valeur", "seuil").map_elements(reasons.brief, return_dtype=pl.String)
        )
        .group_by("uai")
        .agg(motifs_detail=pl.col("texte").sort().str.join(" ; "))
    )
    trends = trend.with_columns(
        tendance=pl.when(pl.col("actifs_4_precedentes") > 0).then(
            pl.col("actifs_4_semaines") / pl.col("actifs_4_precedentes") - 1
        )
    )
    return (
        flagged.join(flagged_since(flagged, since, d), on="uai", how="left")
        .join(details, on="uai", how="left")
        .join(journal_summary(journal, d), on="uai", how="left")
        .join(trends, on="uai", how="left")
        .sort(["nb_motifs", "en_alerte_depuis", "uai"], descending=[True, False, False], nulls_last=True)
        .select(*WEEKLY_LIST, "actifs_4_precedentes")
    )


def follow_up(flagged: pl.DataFrame, since: pl.DataFrame, journal: pl.DataFrame, schools: pl.DataFrame, d: dt.date):
    """suivi_accompagnement.csv: one row per school flagged as of D or with an intervention in the school year of
    D up to D (schools of `schools` only): uai, ecole, en_alerte_depuis, motifs (codes joined by |), referent,
    derniere_intervention, interventions (in the school year of D); and libelles, the reasons in French."""
    summary = journal_summary(journal, d)
    helped = summary.filter(pl.col("interventions") > 0).select("uai")
    wanted = pl.concat([flagged.select("uai"), helped]).unique()
    return (
        wanted.join(schools.select("uai", "ecole"), on="uai")
        .join(flagged.select("uai", "motifs", "libelles"), on="uai", how="left")
        .join(flagged_since(flagged, since, d), on="uai", how="left")
        .join(summary, on="uai", how="left")
        .with_columns(pl.col("interventions").fill_null(0))
        .sort("uai")
        .select(*FOLLOW_UP, "libelles")
    )
