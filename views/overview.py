"""Vue d'ensemble: key figures and their change, weekly active users, adoption by wave."""

import polars as pl
import streamlit as st

from ui import data, filters, tables
from warehouse import charts, masking, metrics
from warehouse.labels import PROFILS, date_fr, nombre

f = filters.current()
st.title("Vue d'ensemble")

now = f.apply(data.get("adoption_by_school", f.as_of))
before_day = data.get("school_weeks_before", f.as_of, 4)
before = f.apply(data.get("adoption_by_school", before_day))
schools = f.schools()
open_now = schools.filter(pl.col("phase").is_in(["III", "IV"])).height
open_before = schools.filter(pl.col("date_ouverture") <= before_day).height


cols = st.columns(4)
cols[0].metric("Écoles ouvertes", nombre(open_now), delta=masking.shown_change(open_now, open_before, 1))
act_now, act_before = int(now["comptes_actives"].sum()), int(before["comptes_actives"].sum())
cols[1].metric(
    "Comptes activés", masking.shown(act_now, f.seuil), delta=masking.shown_change(act_now, act_before, f.seuil)
)
use_now, use_before = int(now["actifs_28j"].sum()), int(before["actifs_28j"].sum())
cols[2].metric(
    "Actifs sur 28 jours", masking.shown(use_now, f.seuil), delta=masking.shown_change(use_now, use_before, f.seuil)
)
cols[3].metric("Écoles à accompagner", nombre(f.apply(data.flagged(f.as_of)).height))
st.caption(
    f"Variation : par rapport au {date_fr(before_day)}, quatre semaines scolaires plus tôt (vacances non "
    "comptées). Un compte est activé à sa date d'activation ou à sa première connexion ; actif s'il s'est "
    "connecté ou a utilisé un service dans les 28 jours qui finissent à la date d'observation."
)

per_profile = tables.adoption(now, ["profil"])
cols = st.columns(max(1, per_profile.height))
for col, row in zip(cols, per_profile.iter_rows(named=True)):
    col.metric(f"{PROFILS.get(row['profil'], row['profil'])} actifs (28 j)", masking.shown(row["actifs_28j"], f.seuil))

weekly = f.apply(data.get("weekly_activity", f.as_of))
st.plotly_chart(
    charts.weekly_active_users(weekly, f.as_of, data.get("holiday_weeks", f.as_of), f.seuil), width="stretch"
)
st.caption(
    "Personnes distinctes avec au moins une connexion ou un accès dans la semaine (lundi–dimanche, heure de "
    "Paris), depuis le 1er septembre de l'année scolaire ; zones grisées : vacances scolaires."
)

waves = tables.adoption(now, ["vague", "profil"])
st.plotly_chart(
    charts.adoption_by_wave(masking.withhold(waves, f.seuil, metrics.RATES)),
    width="stretch",
)
st.caption(
    "Comptes activés / comptes distribués à la date d'observation, par vague et profil "
    "(taux non montrés sous le seuil de petits effectifs)."
)

if f.scope.role == "ecole":
    # A director compares their school with the whole territory (an aggregate, never another school's figure).
    st.subheader("Comparaison avec le territoire")
    mine = masking.withhold(tables.adoption(now, ["profil"]), f.seuil, metrics.RATES)
    territory = masking.withhold(
        tables.adoption(data.get("adoption_by_school", f.as_of), ["profil"]), f.seuil, metrics.RATES
    )
    compared = mine.select("profil", "taux_activation", "taux_usage_28j").join(
        territory.select(
            "profil",
            pl.col("taux_activation").alias("taux_activation_territoire"),
            pl.col("taux_usage_28j").alias("taux_usage_territoire"),
        ),
        on="profil",
        how="left",
    )
    tables.show(
        compared,
        percents=("taux_activation_territoire", "taux_usage_territoire"),
        names={
            "taux_activation": "Activation (école)",
            "taux_activation_territoire": "Activation (territoire)",
            "taux_usage_28j": "Usage sur 28 jours (école)",
            "taux_usage_territoire": "Usage sur 28 jours (territoire)",
        },
    )
    st.caption("Taux de l'école et de l'ensemble des écoles du territoire, à la date d'observation.")
