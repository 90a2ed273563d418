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
for col, (ext, content, mime, label) in zip(
    cols,
    (
        ("html", html_file, "text/html", "HTML, imprimable"),
        ("xlsx", xlsx_file, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX"),
    ),
):
    col.download_button(
        f"Télécharger le dossier ({label})",
        content,
        file_name=f"{name}.{ext}",
        mime=mime,
        on_click=signin.note,
        args=("dossier", "telechargement", f"{name}.{ext}"),
    )

st.subheader("Synthèse")
st.markdown("\n".join(f"- {markdown(sentence)}" for sentence in found.synthesis))
st.markdown("**Limites des données**")
st.markdown("\n".join(f"- {markdown(caveat)}" for caveat in found.caveats))

for title, table in found.tables.items():
    st.subheader(title)
    tables.show(table, f.seuil, percents=("cible", "valeur", "valeur_annee_precedente", "part_comptes", "taux_echec"))
