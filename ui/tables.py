"""Turning frames into what people read: masked counts, percentages, French labels."""

from __future__ import annotations

import polars as pl
import streamlit as st

from warehouse import masking, metrics
from warehouse.labels import COLUMNS, MOTIFS, PROFILS


def adoption(df: pl.DataFrame, group: list[str]) -> pl.DataFrame:
    """Sum adoption counts over `group` and recompute the rates (so filters aggregate correctly)."""
    summed = (
        df.group_by(group)
        .agg(
            pl.col("comptes", "comptes_distribues", "comptes_actives", "actifs_28j").sum(),
            pl.col("uai").n_unique().alias("ecoles"),
        )
        .sort(group)
    )
    return metrics.with_rates(summed)


def for_people(df: pl.DataFrame, seuil: int) -> pl.DataFrame:
    """Masked counts as text, withheld rates empty, profiles and reasons in French, French column names."""
    out = masking.mask(df, seuil, metrics.RATES)
    if "libelle" in out.columns:
        # A service is read by its label, in the place of its code.
        out = out.select(
            pl.col("libelle").alias("service") if c == "service" else pl.col(c) for c in out.columns if c != "libelle"
        )
    exprs = []
    for c in out.columns:
        if c == "profil":
            exprs.append(pl.col(c).replace(PROFILS))
        elif c == "motifs":
            exprs.append(pl.col(c).str.split("|").list.eval(pl.element().replace(MOTIFS)).list.join(", "))
    out = out.with_columns(exprs) if exprs else out
    # An empty text cell reads as a dash, not "None".
    out = out.with_columns(pl.col(pl.String).fill_null("—"))
    return out.rename({c: COLUMNS.get(c, c) for c in out.columns})


def show(df: pl.DataFrame, seuil: int, **kwargs) -> None:
    """A table for people; rates as percentages in the reader's locale (85,3 % in French)."""
    if df.is_empty():
        st.caption("Aucune ligne.")
        return
    shown = for_people(df, seuil)
    config = {c: st.column_config.NumberColumn(c, format="percent") for c in shown.columns if c.startswith("Taux")}
    st.dataframe(shown, hide_index=True, column_config=config, **kwargs)
