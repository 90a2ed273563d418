"""ENT usage observatory: navigation, shared filters and page frame — nothing else."""

from __future__ import annotations

import streamlit as st

st.set_page_config(page_title="Observatoire des usages de l'ENT", page_icon="📊", layout="wide")

pages = {
    "Pilotage": [st.Page("pages/overview.py", title="Vue d'ensemble", default=True)],
}
st.navigation(pages).run()
