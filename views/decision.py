"""Dossier de fin de marché: renew the vendor or change? The synthesis in sentences, the tables behind it."""

import streamlit as st

from ui import data, filters, signin, tables
from warehouse.labels import date_fr
from warehouse.untrusted import markdown

f = filters.current()
st.title("Dossier de fin de marché")
found, html_file, xlsx_file = data.dossier(f.as_of, f.seuil, f.scoped_uais())
st.caption(
    f"Ce que le comité de pilotage pèse en fin de marché, au {date_fr(f.as_of)} : cibles d'une année sur l'autre sur "
    "les mêmes écoles, déploiement projeté, accompagnement, services, satisfaction, service de l'éditeur, limites "
    "des données. Les mêmes contenus que dossier_fin_de_marche.html et .xlsx du pack d'export."
)
cols = st.columns(2)
name = f"dossier_fin_de_marche_{f.as_of.isoformat()}"
cols[0].download_button(
    "Télécharger le dossier (HTML, imprimable)",
    html_file,
    file_name=f"{name}.html",
    mime="text/html",
    on_click=signin.note,
    args=("dossier", "telechargement", f"{name}.html"),
)
cols[1].download_button(
    "Télécharger le dossier (XLSX)",
    xlsx_file,
    file_name=f"{name}.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    on_click=signin.note,
    args=("dossier", "telechargement", f"{name}.xlsx"),
)

st.subheader("Synthèse")
st.markdown("\n".join(f"- {markdown(sentence)}" for sentence in found.synthesis))
st.markdown("**Limites des données**")
st.markdown("\n".join(f"- {markdown(caveat)}" for caveat in found.caveats))

for title, table in found.tables.items():
    st.subheader(title)
    tables.show(table, f.seuil, percents=("cible", "valeur", "valeur_annee_precedente", "part_comptes", "taux_echec"))
