"""Small cells (docs/metrics.md): counts of 1 to seuil-1 people are shown as `<seuil`, rates on them withheld."""

from __future__ import annotations

import polars as pl

# Columns that count distinct people, wherever they appear.
PEOPLE = (
    "comptes",
    "comptes_distribues",
    "comptes_actives",
    "actifs_28j",
    "utilisateurs_actifs",
    "comptes_service_actif",
    "utilisateurs_28j",
)


def is_small(col: str, seuil: int) -> pl.Expr:
    """Whether a count is a small cell (never when seuil is 1)."""
    return (pl.col(col) >= 1) & (pl.col(col) < seuil)


def mask(df: pl.DataFrame, seuil: int, rates: dict[str, tuple[str, str]] | None = None) -> pl.DataFrame:
    """People counts as text (`<seuil` for small ones), rates withheld when built on a small count."""
    people = [c for c in PEOPLE if c in df.columns]
    rates = {r: nd for r, nd in (rates or {}).items() if r in df.columns}
    withheld = {r: is_small(num, seuil) | is_small(den, seuil) for r, (num, den) in rates.items()}
    return df.with_columns(
        **{r: pl.when(cond).then(None).otherwise(pl.col(r)) for r, cond in withheld.items()},
        **{
            c: pl.when(is_small(c, seuil)).then(pl.lit(f"<{seuil}")).otherwise(pl.col(c).cast(pl.String))
            for c in people
        },
    )
