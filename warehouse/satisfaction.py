"""Users' impressions: the satisfaction surveys loaded by `ingest enquete`, by campaign, wave, profile, school."""

from __future__ import annotations

import duckdb
import polars as pl

from warehouse.queries import frame

SATISFACTION = ["campagne", "vague", "profil", "question", "repondants", "moyenne", "part_satisfaits"]


def by_group(con: duckdb.DuckDBPyConnection, uais: tuple[str, ...] | None = None) -> pl.DataFrame:
    """campagne, vague, profil, question, repondants, moyenne, part_satisfaits (unmasked), over the schools `uais`
    when given."""
    return frame(con, "satisfaction_groupes", uais=list(uais) if uais is not None else None)


def withheld(df: pl.DataFrame, seuil: int) -> pl.DataFrame:
    """The mean and the share emptied where fewer than `seuil` people answered (the count itself is masked by
    masking.mask, as every count of people)."""
    few = pl.col("repondants") < seuil
    return df.with_columns(
        pl.when(few).then(None).otherwise(pl.col("moyenne")).alias("moyenne"),
        pl.when(few).then(None).otherwise(pl.col("part_satisfaits")).alias("part_satisfaits"),
    )


def campaigns(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """The campaigns loaded: campagne, echelle, questions, reponses, dernier_jour (the last response's day)."""
    return frame(con, "satisfaction_campagnes")


def answers(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """How many responses gave each answer to each question: campagne, uai, profil, question, note (None: no
    answer), reponses."""
    return frame(con, "satisfaction_notes")


def by_school(notes: pl.DataFrame, scale: int) -> pl.DataFrame:
    """From `answers` (one campaign, filtered as wanted): per school and question, repondants (answers in
    1..scale), moyenne and part_satisfaits, as by_group computes them."""
    answered = notes.filter(pl.col("note").is_not_null())
    return (
        answered.group_by("uai", "question")
        .agg(
            repondants=pl.col("reponses").sum(),
            moyenne=(pl.col("note") * pl.col("reponses")).sum() / pl.col("reponses").sum(),
            part_satisfaits=pl.col("reponses").filter(pl.col("note") > (scale + 1) / 2).sum()
            / pl.col("reponses").sum(),
        )
        .sort("uai", "question")
    )
