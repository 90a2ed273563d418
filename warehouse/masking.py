"""Small cells (docs/metrics.md): counts of 1 to seuil-1 people are shown as `<seuil`, rates on them withheld.

The one definition of a small cell, for tables, charts, metrics tiles and exports alike.
"""

from __future__ import annotations

import polars as pl

from warehouse.labels import nombre

# Columns that count distinct people, wherever they appear.
PEOPLE = (
    "comptes",
    "comptes_distribues",
    "comptes_actives",
    "actifs_28j",
    "utilisateurs_actifs",
    "comptes_service_actif",
    "utilisateurs_28j",
    "repondants",
)


def is_small(col: str, seuil: int) -> pl.Expr:
    """Whether a count is a small cell (never when seuil is 1)."""
    return (pl.col(col) >= 1) & (pl.col(col) < seuil)


def small(n: int, seuil: int) -> bool:
    """Whether one count is a small cell."""
    return 1 <= n < seuil


def shown(n: int, seuil: int) -> str:
    """A count of people as people read it: `<5` for a small cell, else `12 345`."""
    return f"<{seuil}" if small(n, seuil) else nombre(n)


def shown_change(n: int, before: int, seuil: int) -> str | None:
    """The change in people from `before` to `n` (`+12`, `−3`), or None when there is none or when either side
    or the change itself is a small cell (a difference of two counts would reveal it)."""
    if n == before or any(small(x, seuil) for x in (n, before, abs(n - before))):
        return None
    return ("+" if n > before else "−") + nombre(abs(n - before))


def is_small_mean(col: str, seuil: int) -> pl.Expr:
    """Whether an average count of people (weekly active users over some weeks) rests on a small cell: between
    0 and seuil, zero excluded (a mean of 0.5 can only come from a handful of people)."""
    return (pl.col(col) > 0) & (pl.col(col) < seuil)


def withhold_on_means(df: pl.DataFrame, seuil: int, column: str, means: list[str]) -> pl.DataFrame:
    """`column` (a change worked out from the average counts `means`) emptied where one of them is small."""
    small_mean = pl.any_horizontal(*[is_small_mean(m, seuil) for m in means])
    return df.with_columns(pl.when(small_mean).then(None).otherwise(pl.col(column)).alias(column))


def withhold(df: pl.DataFrame, seuil: int, rates: dict[str, tuple[str, str]]) -> pl.DataFrame:
    """Rates (name → (numerator, denominator) columns) emptied where either count is a small cell; counts kept.

    Only rates whose two counts are in `df` can be judged: a caller that drops counts withholds first.
    """
    present = {r: (num, den) for r, (num, den) in rates.items() if {r, num, den} <= set(df.columns)}
    return df.with_columns(
        **{
            r: pl.when(is_small(num, seuil) | is_small(den, seuil)).then(None).otherwise(pl.col(r))
            for r, (num, den) in present.items()
        }
    )


def hide(df: pl.DataFrame, seuil: int, columns: list[str]) -> pl.DataFrame:
    """Small counts emptied (a chart does not draw them)."""
    return df.with_columns(
        **{c: pl.when(is_small(c, seuil)).then(None).otherwise(pl.col(c)) for c in columns if c in df.columns}
    )


def mask(df: pl.DataFrame, seuil: int, rates: dict[str, tuple[str, str]] | None = None) -> pl.DataFrame:
    """People counts as text (`<seuil` for small ones), rates withheld when built on a small count."""
    out = withhold(df, seuil, rates or {})
    people = [c for c in PEOPLE if c in out.columns]
    return out.with_columns(
        **{
            c: pl.when(is_small(c, seuil)).then(pl.lit(f"<{seuil}")).otherwise(pl.col(c).cast(pl.String))
            for c in people
        }
    )
