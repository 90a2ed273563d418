"""Shown when there is no warehouse yet: how to load data."""

import streamlit as st

st.title("Observatoire des usages de l'ENT")
st.info(
    "Pas encore de données. Pour un territoire de démonstration : `python -m ingest demo`. "
    "Pour vos fichiers : `python -m ingest reference DOSSIER` (référentiel), puis "
    "`python -m ingest logs FICHIERS` (journaux). La page se met à jour au chargement suivant."
)
