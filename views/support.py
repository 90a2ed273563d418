"""Accompagnement: the flagged schools, most urgent first, each reason in plain French; downloads."""

import polars as pl
import streamlit as st

from ui import data, filters, interventions, reasons, signin
from warehouse import export, suivi
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

# Who follows which school: the referent of its latest intervention naming one.
con = interventions.store()
try:
    followers = suivi.referents(con)
finally:
    con.close()
chosen = st.multiselect("Référents", sorted(set(followers.values())), placeholder="Tous")
if chosen:
    flagged = flagged.filter(pl.col("uai").is_in([u for u, r in followers.items() if r in chosen]))
since = dict(data.get("flagged_since", f.as_of).iter_rows())
history = f.apply(data.get("alert_history", f.as_of))
weeks = history["semaine"].unique().sort()
# The school weeks of the history: the last one ending by D against the one before.
this_week = set(history.filter(pl.col("semaine") == weeks[-1])["uai"]) if len(weeks) else set()
last_week = set(history.filter(pl.col("semaine") == weeks[-2])["uai"]) if len(weeks) > 1 else set()
names = dict(f.schools().select("uai", "ecole").iter_rows())
cols = st.columns(3)
cols[0].metric("Écoles à accompagner", flagged.height)
cols[1].metric("Nouvelles cette semaine", len(this_week - last_week))
cols[2].metric("Sorties cette semaine", len(last_week - this_week))
if len(weeks) > 1:
    moved = [
        f"{label} : " + ", ".join(markdown(names.get(u, u)) for u in sorted(group))
        for label, group in (("Nouvelles", this_week - last_week), ("Sorties", last_week - this_week))
        if group
    ]
    st.caption(
        f"Semaine du {date_fr(weeks[-1])} comparée à celle du {date_fr(weeks[-2])} (règles évaluées au dimanche). "
        + " · ".join(moved)
    )
for school in flagged.iter_rows(named=True):
    started = since.get(school["uai"])
    with st.expander(
        f"{markdown(school['ecole'])} ({markdown(school['uai'])}) — vague {markdown(school['vague'])}, "
        f"{markdown(school['circonscription'])} — {school['nb_motifs']} motif(s)"
        + (f" — en alerte depuis la semaine du {date_fr(started)}" if started else " — alerte de cette semaine")
        + (f" — suivie par {markdown(followers[school['uai']])}" if school["uai"] in followers else ""),
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

st.subheader("Enregistrer une intervention")
interventions.form(dict(flagged.select("uai", "ecole").iter_rows()), key="intervention-accompagnement")
