"""Accompagnement: the flagged schools, most urgent first, each reason in plain French; downloads."""

import polars as pl
import streamlit as st

from ui import data, filters, reasons, signin
from warehouse import export
from warehouse.labels import date_fr
from warehouse.untrusted import markdown

f = filters.current()
st.title("Accompagnement")
st.caption(
    "Écoles ouvertes (phases III et IV) qui remplissent au moins une règle d'accompagnement "
    "(seuils de territoire.toml) ; les plus urgentes (le plus de motifs) d'abord. Les semaines de vacances "
    "ne comptent jamais comme de l'inactivité."
)

flagged = f.apply(data.get("schools_to_support", f.as_of))
details = data.get("support_flags", f.as_of)
if flagged.is_empty():
    st.success("Aucune école à accompagner avec ces filtres.")
    st.stop()

st.metric("Écoles à accompagner", flagged.height)
for school in flagged.iter_rows(named=True):
    with st.expander(
        f"{markdown(school['ecole'])} ({markdown(school['uai'])}) — vague {markdown(school['vague'])}, "
        f"{markdown(school['circonscription'])} — {school['nb_motifs']} motif(s)",
        expanded=school["nb_motifs"] > 1,
    ):
        for flag in details.filter(pl.col("uai") == school["uai"]).iter_rows(named=True):
            st.markdown(f"- {reasons.describe(flag)}")

csv, xlsx = export.support_list(flagged)
cols = st.columns(2)
name = f"ecoles_a_accompagner_{f.as_of.isoformat()}"
cols[0].download_button(
    "Télécharger la liste (CSV)",
    csv,
    file_name=f"{name}.csv",
    mime="text/csv",
    on_click=signin.note,
    args=("accompagnement", "telechargement", f"{name}.csv"),
)
cols[1].download_button(
    "Télécharger la liste (XLSX)",
    xlsx,
    file_name=f"{name}.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    on_click=signin.note,
    args=("accompagnement", "telechargement", f"{name}.xlsx"),
)
st.caption(f"Liste au {date_fr(f.as_of)}.")
