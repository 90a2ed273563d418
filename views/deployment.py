"""Déploiement: schools per phase month by month, the support load against the capacity, one wave's schools on a
timeline, candidates waiting."""

import datetime as dt

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from ui import data, filters, tables
from warehouse import charts, planning
from warehouse.charts import PALETTE
from warehouse.labels import compte, date_fr, nombre
from warehouse.untrusted import plotly_text

f = filters.current()
st.title("Déploiement")
marche = data.get("territory").get("marche", {})
end = dt.date.fromisoformat(str(marche["fin"])) if marche.get("fin") else None
schools = f.schools().sort("vague", "date_ouverture", "uai")
school_months = f.apply(data.get("school_phases_by_month", f.as_of))
by_month = planning.phases_by_month(school_months)

st.plotly_chart(
    charts.phases_by_month(
        by_month,
        f.as_of,
        end,
        "Écoles par phase, fin de chaque mois (orange : fin du marché ; pointillés : observation)",
    ),
    width="stretch",
)
if end:
    late = schools.filter(pl.col("date_ouverture").is_null() | (pl.col("date_ouverture") > end))
    st.caption(
        f"Fin du marché : {date_fr(end)}. Écoles sans ouverture prévue avant cette date : {nombre(late.height)}. "
        "Les filtres de vagues et de circonscriptions s'appliquent."
    )

st.subheader("Charge d'accompagnement")
capacity = data.get("capacities")["ecoles_accompagnees_max"]
load = planning.support_load(by_month)
st.plotly_chart(charts.support_load(load, capacity, f.as_of, end), width="stretch")
over = load.filter(pl.col("ecoles") > capacity) if capacity is not None else load.clear()
st.caption(
    "Écoles en phase II (déploiement) ou III (ouverture) en même temps, en fin de mois : celles que l'équipe "
    "accompagne. "
    + (
        f"Capacité : {nombre(capacity)} écoles ([deploiement] ecoles_accompagnees_max de territoire.toml) ; "
        + (f"dépassée {compte(over.height, 'mois', 'mois')}." if over.height else "jamais dépassée.")
        if capacity is not None
        else "Aucune capacité déclarée ([deploiement] ecoles_accompagnees_max de territoire.toml)."
    )
)

st.subheader("Chronologie par école")
waves = sorted(schools["vague"].drop_nulls().unique().to_list())
wave = st.selectbox(
    "Vague", waves, index=0 if len(waves) == 1 else None, placeholder="Choisir une vague", key="deploiement_vague"
)
if wave is None:
    st.caption("Choisissez une vague pour voir les phases de chacune de ses écoles.")
else:
    in_wave = schools.filter(pl.col("vague") == wave)
    phases = [
        ("I avant-projet", "date_candidature", "date_debut_deploiement"),
        ("II déploiement", "date_debut_deploiement", "date_ouverture"),
        ("III ouverture", "date_ouverture", "date_bilan"),
        ("IV enrichissement", "date_bilan", None),
    ]
    fig = go.Figure()
    horizon = end or f.as_of
    for (label, start_col, end_col), colour in zip(phases, PALETTE):
        rows = in_wave.filter(pl.col(start_col).is_not_null())
        starts = rows[start_col].to_list()
        ends = [e or horizon for e in (rows[end_col].to_list() if end_col else [None] * rows.height)]
        names = [plotly_text(f"{u} — {n}") for u, n in zip(rows["uai"], rows["ecole"])]
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
        height=max(300, 18 * in_wave.height + 120),
        xaxis_type="date",
        title=f"Vague {plotly_text(wave)} : phases par école",
        xaxis_title="Date",
        yaxis_title="École",
        legend_title_text="Phase",
        separators=", ",
        template="plotly_white",
    )
    first = min((d for d in in_wave["date_candidature"].to_list() if d), default=f.as_of)
    st.plotly_chart(charts.french_months(fig, first, horizon), width="stretch")

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
