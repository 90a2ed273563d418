"""Turning frames into what people read: masked counts, percentages and dates in French, labels, no "None".

Every table of the dashboard goes through `show`: numbers stay numbers (so a
column sorts as numbers), and a pandas Styler gives the text people read:
`12 345`, `85 %`, `08/09/2025`, `<5` for a small cell, `—` for an empty or
withheld value. A masked count leaves for the browser as -1, never as its
value (and sorts below zero).
"""

from __future__ import annotations

import polars as pl
import streamlit as st

from warehouse import masking, metrics
from warehouse.labels import COLUMNS, MOTIFS, PROFILS, date_fr, nombre, pourcent, variation


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


MASKED = -1  # a small count, as it leaves for the browser
EMPTY = "—"  # what an empty or withheld cell reads


def _french(df: pl.DataFrame) -> pl.DataFrame:
    """Profiles, reasons and services as people name them."""
    if "libelle" in df.columns:
        # A service is read by its label, in the place of its code.
        df = df.select(
            pl.col("libelle").alias("service") if c == "service" else pl.col(c) for c in df.columns if c != "libelle"
        )
    exprs = []
    for c in df.columns:
        if c == "profil":
            exprs.append(pl.col(c).replace(PROFILS))
        elif c == "motifs":
            exprs.append(pl.col(c).str.split("|").list.eval(pl.element().replace(MOTIFS)).list.join(", "))
    return df.with_columns(exprs) if exprs else df


def styled(
    df: pl.DataFrame,
    seuil: int = 1,
    percents: tuple[str, ...] = (),
    decimals: int = 0,
    names: dict[str, str] | None = None,
    averages: tuple[str, ...] = (),
    changes: tuple[str, ...] = (),
    differences: tuple[str, ...] = (),
):
    """A pandas Styler of `df` for people: small people counts masked (`<seuil`) and the rates built on them
    withheld, rates (taux_* and `percents`) as French percentages with `decimals`, `averages` (mean counts of
    people) with one decimal and masked like counts, `changes` as signed percentages, `differences` as signed
    numbers with one decimal, numbers and dates in
    French, `—` for an empty cell; columns named by COLUMNS and `names`."""
    people = [c for c in masking.PEOPLE if c in df.columns]
    rates = [c for c in df.columns if c.startswith("taux_") or c in percents]
    # No count is missing: a school without accounts has 0 of them (an empty cell would read as masked).
    counted = df.with_columns(pl.col(people).fill_null(0)) if people else df
    withheld = masking.withhold(counted, seuil, metrics.RATES)
    out = withheld.with_columns(
        *[pl.when(masking.is_small(c, seuil)).then(-1).otherwise(pl.col(c)).alias(c) for c in people],
        *[pl.when(masking.is_small_mean(c, seuil)).then(-1).otherwise(pl.col(c)).alias(c) for c in averages],
    )
    out = _french(out)
    headers = COLUMNS | (names or {})
    special = set(people) | set(rates) | set(averages) | set(changes) | set(differences)
    numbers = [c for c, t in out.schema.items() if t.is_numeric() and c not in special]
    dates = [c for c, t in out.schema.items() if t == pl.Date]
    stamps = [c for c, t in out.schema.items() if isinstance(t, pl.Datetime)]
    frame = out.rename({c: headers.get(c, c) for c in out.columns}).to_pandas()

    def named(columns: list[str]) -> list[str]:
        return [headers.get(c, c) for c in columns]

    def count(v) -> str:
        return f"<{seuil}" if v == MASKED else nombre(int(v))

    def rate(v) -> str:
        return pourcent(float(v), decimals)

    def average(v) -> str:
        return f"<{seuil}" if v == MASKED else nombre(round(float(v), 1))

    def change(v) -> str:
        return variation(float(v))

    def difference(v) -> str:
        shown = nombre(round(abs(float(v)), 1))
        return shown if shown == "0" else ("+" if v > 0 else "−") + shown

    def number(v) -> str:
        return nombre(v if isinstance(v, int) or not float(v).is_integer() else int(v))

    def day(v) -> str:
        return date_fr(v.date() if hasattr(v, "date") else v)

    def stamp(v) -> str:
        return v.strftime("%d/%m/%Y %H:%M")

    # Empty cells are the dataframe's placeholder (Streamlit draws nulls itself).
    return (
        frame.style.format(count, subset=named(people), na_rep=EMPTY)
        .format(rate, subset=named(rates), na_rep=EMPTY)
        .format(average, subset=named(list(averages)), na_rep=EMPTY)
        .format(change, subset=named(list(changes)), na_rep=EMPTY)
        .format(difference, subset=named(list(differences)), na_rep=EMPTY)
        .format(number, subset=named(numbers), na_rep=EMPTY)
        .format(day, subset=named(dates), na_rep=EMPTY)
        .format(stamp, subset=named(stamps), na_rep=EMPTY)
    )


def show(df: pl.DataFrame, seuil: int = 1, **kwargs) -> None:
    """A table for people (see `styled`); other keywords go to `styled`, then to `st.dataframe`."""
    if df.is_empty():
        st.caption("Aucune ligne.")
        return
    style_args = {
        k: kwargs.pop(k) for k in ("percents", "decimals", "names", "averages", "changes", "differences") if k in kwargs
    }
    st.dataframe(styled(df, seuil, **style_args), hide_index=True, placeholder=EMPTY, **kwargs)
