"""Déploiement: waves and each school's phases on a timeline against the contract's end; candidates waiting."""

import datetime as dt

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from ui import data, filters, tables
from warehouse.charts import PALETTE
from warehouse.labels import date_fr
from warehouse.untrusted import plotly_text

f = filters.current()
st.title("Déploiement")
marche = data.get("territory").get("marche", {})
end = dt.date.fromisoformat(str(marche["fin"])) if marche.get("fin") else None
schools = f.schools().sort("vague", "date_ouverture", "uai")

phases = [
    ("I avant-projet", "date_candidature", "date_debut_deploiement"),
    ("II déploiement", "date_debut_deploiement", "date_ouverture"),
    ("III ouverture", "date_ouverture", "date_bilan"),
    ("IV enrichissement", "date_bilan", None),
]
fig = go.Figure()
horizon = end or f.as_of
for (label, start_col, end_col), colour in zip(phases, PALETTE):
    rows = schools.filter(pl.col(start_col).is_not_null())
    starts = rows[start_col].to_list()
    ends = [e or horizon for e in (rows[end_col].to_list() if end_col else [None] * rows.height)]
    names = [plotly_text(f"{u} — vague {v or '—'}") for u, v in zip(rows["uai"], rows["vague"])]
    fig.add_trace(
        go.Bar(
            y=names,
            x=[(e - s).days * 86400000 for s, e in zip(starts, ends)],
            base=starts,
            orientation="h",
            name=label,
            marker_color=colour,
            hovertemplate="%{y}<br>" + label + " : du %{base|%d/%m/%Y}<extra></extra>",
        )
    )
fig.add_vline(x=f.as_of, line_dash="dot", line_color="#000000")
if end:
    fig.add_vline(x=end, line_width=3, line_color="#D55E00")
fig.update_layout(
    barmode="overlay",
    height=max(300, 18 * schools.height + 120),
    xaxis_type="date",
    xaxis_tickformat="%m/%Y",
    title="Phases par école (trait orange : fin du marché ; pointillés : date d'observation)",
    xaxis_title="Date",
    yaxis_title="École",
    legend_title_text="Phase",
    separators=", ",
)
st.plotly_chart(fig, width="stretch")
if end:
    late = schools.filter(pl.col("date_ouverture").is_null() | (pl.col("date_ouverture") > end))
    st.caption(f"Fin du marché : {date_fr(end)}. Écoles sans ouverture prévue avant cette date : {late.height}.")

st.subheader("Écoles candidates en attente")
waiting = (
    schools.filter(pl.col("phase").is_in(["I", "II"]) | pl.col("date_ouverture").is_null())
    .with_columns(
        attente_jours=(pl.lit(f.as_of) - pl.col("date_candidature")).dt.total_days(),
        score=pl.sum_horizontal(
            "demande", "implication_equipe", "usages_numeriques", "etat_technique", "etat_fonctionnel"
        ),
    )
    .sort("score", descending=True)
)
tables.show(
    waiting.select(
        "uai",
        "ecole",
        "phase",
        "date_candidature",
        "attente_jours",
        "score",
        "demande",
        "implication_equipe",
        "usages_numeriques",
        "etat_technique",
        "etat_fonctionnel",
    ),
    names={
        "phase": "Phase",
        "date_candidature": "Candidature",
        "attente_jours": "Attente (jours)",
        "score": "Score (0–15)",
        "demande": "Demande",
        "implication_equipe": "Implication",
        "usages_numeriques": "Usages numériques",
        "etat_technique": "État technique",
        "etat_fonctionnel": "État fonctionnel",
    },
)
st.caption("Score : somme des cinq critères de sélection (0 à 3 chacun) ; attente : jours depuis la candidature.")
