"""Plotly figures shared by the pages and the HTML report: French labels, units, colour-blind-safe colours."""

from __future__ import annotations

import datetime as dt

import plotly.graph_objects as go
import polars as pl

from warehouse import masking
from warehouse.labels import PROFILS
from warehouse.rollups import school_year_start
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


MOIS = ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc.")


def french_months(fig: go.Figure, start: dt.date, end: dt.date) -> go.Figure:
    """A date axis ticked on the 1st of the months, labelled in French (Plotly bundles no French locale): every
    month over a school year, every quarter (January, April, July, October) over up to six years, January only
    beyond."""
    months = []
    day = dt.date(start.year, start.month, 1)
    while day <= end:
        if day >= start:
            months.append(day)
        day = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    step = 1 if len(months) <= 14 else 3 if len(months) <= 72 else 12
    months = [m for m in months if (m.month - 1) % step == 0] or months[:1]
    labels = [
        f"{MOIS[m.month - 1]} {m.year}" if m.month in (1, 9) or m == months[0] else MOIS[m.month - 1] for m in months
    ]
    fig.update_xaxes(tickvals=months, ticktext=labels, hoverformat="%d/%m/%Y")
    return fig


def weekly_active_users(
    weekly: pl.DataFrame,
    as_of: dt.date,
    holiday_weeks: list | None = None,
    seuil: int = 1,
    interventions: list[tuple[dt.date, str]] | None = None,
) -> go.Figure:
    """Weekly active users by profile from 1 September to `as_of`: a week without activity is drawn at zero,
    holiday weeks shaded, small counts not drawn; `interventions` (day, what) marked by dotted lines."""
    start = school_year_start(as_of)
    first, last = start - dt.timedelta(days=start.weekday()), as_of - dt.timedelta(days=as_of.weekday())
    weeks = pl.DataFrame({"semaine": pl.date_range(first, last, "1w", eager=True)})
    profils = sorted(weekly["profil"].unique().to_list())
    totals = weekly.group_by("semaine", "profil").agg(pl.col("utilisateurs_actifs").sum())
    grid = (
        weeks.join(pl.DataFrame({"profil": profils}, schema={"profil": pl.String}), how="cross")
        .join(totals, on=["semaine", "profil"], how="left")
        .with_columns(pl.col("utilisateurs_actifs").fill_null(0))
        .sort("profil", "semaine")
    )
    grid = masking.hide(grid, seuil, ["utilisateurs_actifs"])
    fig = go.Figure()
    for profil in profils:
        part = grid.filter(pl.col("profil") == profil)
        fig.add_trace(
            go.Scatter(
                x=part["semaine"].to_list(),
                y=part["utilisateurs_actifs"].to_list(),
                mode="lines+markers",
                name=PROFILS.get(profil, profil),
                hovertemplate="semaine du %{x|%d/%m/%Y} : %{y:,d}<extra>%{fullData.name}</extra>",
            )
        )
    for monday in holiday_weeks or []:
        fig.add_vrect(
            x0=monday, x1=monday + dt.timedelta(days=7), fillcolor="#999999", opacity=0.15, line_width=0, layer="below"
        )
    shown = [(day, what) for day, what in interventions or [] if first <= day <= as_of]
    if shown:
        top = max([v for v in grid["utilisateurs_actifs"].to_list() if v is not None] or [0]) or 1
        for day, _ in shown:
            fig.add_vline(x=day, line_dash="dot", line_color="#000000", line_width=1)
        fig.add_trace(
            go.Scatter(
                x=[day for day, _ in shown],
                y=[top * 1.08] * len(shown),
                mode="markers",
                marker=dict(symbol="triangle-down", size=11, color="#000000"),
                name="Interventions",
                text=[plotly_text(what) for _, what in shown],
                hovertemplate="%{x|%d/%m/%Y} : %{text}<extra></extra>",
            )
        )
    fig = _layout(
        fig,
        "Utilisateurs actifs par semaine (zones grisées : vacances scolaires ; ▼ : interventions)"
        if shown
        else "Utilisateurs actifs par semaine (zones grisées : vacances scolaires)",
        "Semaine (lundi)",
        "Utilisateurs actifs (personnes)",
    )
    fig.update_xaxes(range=[first - dt.timedelta(days=3), last + dt.timedelta(days=4)])
    fig.update_yaxes(rangemode="tozero", tickformat=",d")
    return french_months(fig, first, last)


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


def _time_marks(fig: go.Figure, as_of: dt.date, end: dt.date | None) -> None:
    fig.add_vline(x=as_of, line_dash="dot", line_color="#000000")
    if end:
        fig.add_vline(x=end, line_width=3, line_color="#D55E00")


def phases_by_month(by_month: pl.DataFrame, as_of: dt.date, end: dt.date | None, title: str) -> go.Figure:
    """Schools per deployment phase, month by month, stacked (readable at any number of schools); the contract's
    end in orange, the observation date dotted."""
    from warehouse.planning import PHASE_LABELS, PHASES

    fig = go.Figure()
    for phase, colour in zip(PHASES, PALETTE):
        part = by_month.filter(pl.col("phase") == phase).sort("mois")
        fig.add_trace(
            go.Bar(
                x=part["mois"].to_list(),
                y=part["ecoles"].to_list(),
                name=PHASE_LABELS[phase],
                marker_color=colour,
                hovertemplate="%{x|%m/%Y} : %{y:,d} école(s)<extra>" + PHASE_LABELS[phase] + "</extra>",
            )
        )
    _time_marks(fig, as_of, end)
    fig = _layout(fig, title, "Mois (état en fin de mois)", "Écoles")
    fig.update_layout(barmode="stack", bargap=0.1)
    fig.update_yaxes(rangemode="tozero", tickformat=",d")
    months = by_month["mois"]
    return french_months(fig, months.min(), months.max()) if len(months) else fig


def support_load(load: pl.DataFrame, capacity: int | None, as_of: dt.date, end: dt.date | None) -> go.Figure:
    """Schools in phases II and III at once, month by month, against the support team's capacity."""
    fig = go.Figure(
        go.Scatter(
            x=load["mois"].to_list(),
            y=load["ecoles"].to_list(),
            mode="lines+markers",
            name="Écoles en phase II ou III",
            line=dict(shape="hv"),
            hovertemplate="%{x|%m/%Y} : %{y:,d} école(s)<extra></extra>",
        )
    )
    if capacity is not None:
        fig.add_hline(y=capacity, line_dash="dash", line_color="#D55E00")
        fig.add_trace(
            go.Scatter(x=[None], y=[None], mode="lines", name=f"Capacité ({capacity} écoles)",
                       line=dict(dash="dash", color="#D55E00"))
        )  # fmt: skip
    _time_marks(fig, as_of, end)
    fig = _layout(fig, "Charge d'accompagnement : écoles en déploiement ou en ouverture", "Mois", "Écoles")
    fig.update_yaxes(rangemode="tozero", tickformat=",d")
    return french_months(fig, load["mois"].min(), load["mois"].max()) if load.height else fig


def answer_shares(shares: pl.DataFrame, scale: int, labels: dict[str, str]) -> go.Figure:
    """Each question's answers as shares of its responses, stacked from 1 to `scale`, then no answer: one
    horizontal bar per question (`shares`: question, note (None: no answer), part)."""
    from warehouse.untrusted import plotly_text

    questions = shares["question"].unique(maintain_order=True).to_list()
    fig = go.Figure()
    # A diverging palette read by position, not hue alone: low answers warm, high ones cool.
    colours = ["#D55E00", "#E69F00", "#F0E442", "#56B4E9", "#0072B2", "#004C7A", "#00334F", "#001F30", "#000F18"]
    for note in [*range(1, scale + 1), None]:
        part = shares.filter(pl.col("note").is_null() if note is None else pl.col("note") == note)
        values = dict(zip(part["question"].to_list(), part["part"].to_list()))
        fig.add_trace(
            go.Bar(
                y=[plotly_text(labels.get(q, q)) for q in questions],
                x=[(values.get(q) or 0) * 100 for q in questions],
                orientation="h",
                name="sans réponse" if note is None else str(note),
                marker_color="#BBBBBB" if note is None else colours[min(note - 1, len(colours) - 1)],
                hovertemplate="%{y} : %{x:.0f}\u202f%<extra>"
                + ("sans réponse" if note is None else f"réponse {note}")
                + "</extra>",
            )
        )
    fig = _layout(fig, f"Réponses par question (1 à {scale})", "% des réponses", "")
    fig.update_layout(barmode="stack", legend_title_text="Réponse", height=max(260, 60 * len(questions) + 140))
    fig.update_xaxes(ticksuffix="\u202f%", range=[0, 100])
    return fig


def satisfaction_and_usage(schools: pl.DataFrame) -> go.Figure:
    """One point per school: its mean answer against its 28-day usage rate (`schools`: ecole, moyenne,
    taux_usage_28j)."""
    from warehouse.untrusted import plotly_text

    fig = go.Figure(
        go.Scatter(
            x=(schools["taux_usage_28j"] * 100).to_list(),
            y=schools["moyenne"].to_list(),
            mode="markers",
            text=[plotly_text(n) for n in schools["ecole"].to_list()],
            hovertemplate="%{text}<br>usage : %{x:.0f}\u202f% · moyenne : %{y:.2f}<extra></extra>",
            marker=dict(size=10, color=PALETTE[0]),
        )
    )
    fig = _layout(fig, "Satisfaction et usage, par école", "Taux d'usage sur 28 jours", "Réponse moyenne")
    fig.update_xaxes(ticksuffix="\u202f%", rangemode="tozero")
    return fig
