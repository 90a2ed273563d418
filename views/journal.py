"""Journal des accès: who signed in, was refused, viewed which page, downloaded what (steering committee only)."""

import polars as pl
import streamlit as st

from ui import data, tables
from warehouse import journal

st.title("Journal des accès")
events = journal.read(journal.journal_path(data.warehouse_path()))
if events.is_empty():
    st.info("Aucun accès enregistré pour l'instant.")
    st.stop()
people = sorted(events["identifiant"].drop_nulls().unique().to_list())
cols = st.columns(2)
chosen = cols[0].multiselect("Personnes", people, placeholder="Toutes")
days = events["horodatage"].str.slice(0, 10).str.to_date()
first, last = days.min(), days.max()
span = cols[1].date_input("Période", value=(first, last), min_value=first, max_value=last, format="DD/MM/YYYY")
shown = events.with_columns(jour=days)
if chosen:
    shown = shown.filter(pl.col("identifiant").is_in(chosen))
if isinstance(span, tuple) and len(span) == 2:
    shown = shown.filter(pl.col("jour").is_between(span[0], span[1]))
tables.show(
    shown.select(
        pl.col("horodatage").str.to_datetime(time_zone="UTC").dt.replace_time_zone(None),
        "identifiant",
        "role",
        "page",
        "action",
        "detail",
    ),
    names={
        "horodatage": "Heure (UTC)",
        "identifiant": "Personne",
        "role": "Rôle",
        "page": "Page",
        "action": "Action",
        "detail": "Détail",
    },
)
st.caption(
    f"{len(shown)} évènement(s) : connexions, accès refusés, pages vues et téléchargements, les plus récents "
    f"d'abord. Journal tenu depuis le {first:%d/%m/%Y}."
)
