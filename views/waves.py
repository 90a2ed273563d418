"""Vagues: cohort curves (a wave against the pilot at the same age) and the phase of each school."""

import polars as pl
import streamlit as st

from ui import data, filters, tables
from warehouse import charts, masking, metrics
from warehouse.labels import PROFILS

f = filters.current()
st.title("Vagues")

# Curves over the schools in the person's scope only (every school for the committee).
curves = data.get("cohort_curves", f.as_of, f.scoped_uais())
if f.vagues:
    curves = curves.filter(pl.col("vague").is_in(list(f.vagues)))
profils = [p for p in ("enseignant", "eleve", "parent") if not f.profils or p in f.profils] or ["enseignant"]
measure = st.radio(
    "Indicateur",
    ["taux_activation", "taux_usage_hebdo"],
    horizontal=True,
    format_func={"taux_activation": "Taux d'activation", "taux_usage_hebdo": "Usage hebdomadaire"}.get,
)
# Weeks whose rate rests on a small cell are not drawn.
curves = masking.withhold(curves, f.seuil, metrics.COHORT_RATES)
for tab, profil in zip(st.tabs([PROFILS[p] for p in profils]), profils):
    with tab:
        st.plotly_chart(charts.cohort_curves(curves, profil, measure), width="stretch")
st.caption(
    "Semaines depuis l'ouverture : semaines entières entre le lundi de la date d'ouverture de l'école et le "
    "lundi de la semaine. Taux d'activation : comptes activés / comptes distribués à la fin de la semaine ; "
    "usage hebdomadaire : utilisateurs actifs de la semaine / comptes distribués. Sommes sur les écoles de la vague."
)

st.subheader("Phase de chaque école")
schools = f.schools().select("vague", "uai", "ecole", "circonscription", "phase", "date_ouverture", "date_bilan")
tables.show(schools, names={"phase": "Phase", "date_ouverture": "Ouverture", "date_bilan": "Bilan (phase IV)"})
st.caption("Phase à la date d'observation : I avant-projet, II déploiement, III ouverture, IV enrichissement.")
