"""Déploiement: schools per phase month by month, the support load against the capacity, one wave's schools on a
timeline, candidates waiting."""

import datetime as dt

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from ui import data, filters, tables
from warehouse import charts, planning, projection
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

st.subheader("Projection des écoles en attente")
st.caption(
    "Les écoles encore en phase I (ou sans vague), classées par la somme de leurs cinq critères, placées dans les prochaines "
    "vagues dans la limite des capacités ; l'algorithme est décrit dans docs/planning.md. Changez une capacité ou "
    "décalez une vague : les conséquences s'affichent aussitôt."
)
capacities = data.get("capacities")
wave_list = data.get("waves")
cols = st.columns(4)
per_wave = cols[0].number_input(
    "Écoles par vague (max.)", min_value=1, value=capacities["ecoles_par_vague_max"] or 40, key="cap_vague"
)
supported = cols[1].number_input(
    "Écoles accompagnées à la fois (max.)",
    min_value=1,
    value=capacities["ecoles_accompagnees_max"] or 60,
    key="cap_accompagnees",
)
slipped = cols[2].selectbox(
    "Décaler la vague",
    wave_list["vague"].to_list(),
    index=None,
    placeholder="Aucune",
    format_func=lambda w: f"Vague {w}",
    key="decalage_vague",
)
months = cols[3].number_input("de (mois)", min_value=-12, max_value=36, value=3, key="decalage_mois")
all_schools = data.get("schools", f.as_of)
baseline = projection.project(
    all_schools,
    wave_list,
    f.as_of,
    end,
    projection.Plan(capacities["ecoles_par_vague_max"], capacities["ecoles_accompagnees_max"]),
)
plan = projection.Plan(int(per_wave), int(supported), {slipped: int(months)} if slipped else {})
projected = projection.project(all_schools, wave_list, f.as_of, end, plan)
shown = f.apply(projected)
waiting_rows = shown.filter(pl.col("projetee"))
if end is not None:
    late = shown.filter(~pl.col("phase_iv_avant_fin"))
    late_before = f.apply(baseline).filter(~pl.col("phase_iv_avant_fin"))
    unplaced = waiting_rows.filter(pl.col("vague").is_null())
    text = (
        f"Avec ces hypothèses, **{nombre(late.height)}** école(s) sur {nombre(shown.height)} n'atteindraient pas la "
        f"phase IV (enrichissement) avant la fin du marché ({date_fr(end)})"
    )
    if plan != projection.Plan(capacities["ecoles_par_vague_max"], capacities["ecoles_accompagnees_max"]):
        change = late.height - late_before.height
        text += (
            f", contre {nombre(late_before.height)} avec les capacités de territoire.toml et sans décalage "
            f"({'+' if change > 0 else '−' if change < 0 else ''}{nombre(abs(change))})"
        )
    st.markdown(text + ".")
    if unplaced.height:
        st.warning(
            f"{nombre(unplaced.height)} école(s) en attente ne trouvent place dans aucune des dix vagues à venir."
        )
tables.show(
    shown.filter(pl.col("projetee") | ~pl.col("phase_iv_avant_fin").fill_null(True)).select(
        "rang",
        "uai",
        "ecole",
        "score",
        "vague_declaree",
        "vague",
        "debut_deploiement",
        "ouverture",
        "phase_iv",
        "phase_iv_avant_fin",
    ),
    names={
        "rang": "Rang",
        "score": "Score (0–15)",
        "vague_declaree": "Vague déclarée",
        "vague": "Vague projetée",
        "debut_deploiement": "Début du déploiement",
        "ouverture": "Ouverture",
        "phase_iv": "Phase IV",
        "phase_iv_avant_fin": "Phase IV avant la fin du marché",
    },
)
lead_months, review_months = projection.durations(all_schools)
st.caption(
    "Les écoles en attente (rang) et celles qui, déjà en déploiement ou ouvertes, n'atteindraient pas la phase IV "
    f"avant la fin du marché. Durées retenues : {compte(lead_months, 'mois', 'mois')} de déploiement "
    f"avant l'ouverture, {compte(review_months, 'mois', 'mois')} de l'ouverture à la phase IV "
    "(médianes du territoire)."
)
months_shown = load["mois"].to_list()
st.plotly_chart(
    charts.support_load(planning.load_of(projected, months_shown), int(supported), f.as_of, end).update_layout(
        title="Charge d'accompagnement projetée (écoles en attente placées)"
    ),
    width="stretch",
)
