"""Vue d'ensemble: for now, what the warehouse holds, or how to load data."""

import streamlit as st

from warehouse import reader

st.title("Vue d'ensemble")

summary = reader.summary()
if summary is None:
    st.info(
        "Pas encore de données : lancez `python -m ingest demo` pour un territoire de démonstration, "
        "ou chargez vos fichiers avec `python -m ingest reference DOSSIER` puis `python -m ingest logs FICHIERS`."
    )
    st.stop()

cols = st.columns(4)
cols[0].metric("Écoles", reader.fr_number(summary["ecoles"]))
cols[1].metric("Comptes ouverts", reader.fr_number(summary["comptes"]))
cols[2].metric("Évènements", reader.fr_number(summary["evenements"]))
cols[3].metric("Lignes rejetées", reader.fr_number(summary["rejets"]))
if summary["dernier_jour"]:
    st.caption(f"Données jusqu'au {summary['dernier_jour']:%d/%m/%Y}.")
