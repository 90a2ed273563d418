"""Plotly figures shared by the pages and the HTML report: French labels, units, colour-blind-safe colours."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from warehouse import masking
from warehouse.labels import PROFILS
from warehouse.untrusted import plotly_text

# Okabe–Ito palette: distinguishable with the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]


def _layout(fig: go.Figure, title: str, x: str, y: str, percent: bool = False) -> go.Figure:
    fig.update_layout(
        title=title,
        xaxis_title=x,
        yaxis_title=y,
        separators=", ",
        template="plotly_white",
        colorway=PALETTE,
        legend_title_text="",
        margin=dict(l=60, r=20, t=60, b=50),
        height=380,
    )
    if percent:
        fig.update_yaxes(ticksuffix="\u202f%", rangemode="tozero")
    return fig


def cohort_curves(curves: pl.DataFrame, profil: str, measure: str = "taux_activation") -> go.Figure:
    """One line per wave: `measure` (a rate) by weeks since opening, for one profile."""
    fig = go.Figure()
    data = curves.filter(pl.col("profil") == profil).sort("vague", "semaines_depuis_ouverture")
    for vague in data["vague"].unique(maintain_order=True):
        part = data.filter(pl.col("vague") == vague)
        pilot = bool(part["pilote"][0])
        fig.add_trace(
            go.Scatter(
                x=part["semaines_depuis_ouverture"].to_list(),
                y=(part[measure] * 100).to_list(),
                mode="lines",
                name=f"Vague {plotly_text(vague)}" + (" (pilote)" if pilot else ""),
                line=dict(width=3 if pilot else 2, dash="dash" if pilot else "solid"),
                hovertemplate="semaine %{x} : %{y:.1f}\u202f%<extra>%{fullData.name}</extra>",
            )
        )
    what = (
        "Taux d'activation"
        if measure == "taux_activation"
        else "Utilisateurs actifs de la semaine / comptes distribués"
    )
    return _layout(fig, f"{what} — {PROFILS.get(profil, profil)}", "Semaines depuis l'ouverture", "%", percent=True)


def weekly_active_users(weekly: pl.DataFrame, holiday_weeks: list | None = None, seuil: int = 1) -> go.Figure:
    """Weekly active users by profile over the scope, holiday weeks shaded; small counts not drawn."""
    totals = masking.hide(
        weekly.group_by("semaine", "profil").agg(pl.col("utilisateurs_actifs").sum()).sort("semaine"),
        seuil,
        ["utilisateurs_actifs"],
    )
    fig = go.Figure()
    for profil in totals["profil"].unique(maintain_order=True).sort():
        part = totals.filter(pl.col("profil") == profil)
        fig.add_trace(
            go.Scatter(
                x=part["semaine"].to_list(),
                y=part["utilisateurs_actifs"].to_list(),
                mode="lines+markers",
                name=PROFILS.get(profil, profil),
            )
        )
    for monday in holiday_weeks or []:
        fig.add_vrect(
            x0=monday,
            x1=monday + __import__("datetime").timedelta(days=7),
            fillcolor="#999999",
            opacity=0.15,
            line_width=0,
            layer="below",
        )
    fig = _layout(
        fig,
        "Utilisateurs actifs par semaine (zones grisées : vacances scolaires)",
        "Semaine (lundi)",
        "Utilisateurs actifs (personnes)",
    )
    # Plotly ships no French month names: dates are written as French numbers.
    fig.update_xaxes(tickformat="%d/%m/%Y", hoverformat="%d/%m/%Y")
    return fig


def adoption_by_wave(waves: pl.DataFrame, measure: str = "taux_activation") -> go.Figure:
    """Grouped bars: a rate by wave and profile."""
    fig = go.Figure()
    for profil in ("enseignant", "eleve", "parent"):
        part = waves.filter(pl.col("profil") == profil).sort("vague")
        fig.add_trace(
            go.Bar(
                x=[f"Vague {plotly_text(v)}" for v in part["vague"].to_list()],
                y=[None if v is None else v * 100 for v in part[measure].to_list()],
                name=PROFILS[profil],
            )
        )
    what = "Taux d'activation" if measure == "taux_activation" else "Taux d'usage sur 28 jours"
    return _layout(fig, f"{what} par vague et profil", "Vague", "%", percent=True)
