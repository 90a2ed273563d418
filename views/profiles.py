"""Profils: adoption and usage per profile across waves and circonscriptions."""

import streamlit as st

from ui import data, filters, tables

f = filters.current()
st.title("Profils")
adoption = f.apply(data.get("adoption_by_school", f.as_of)).join(
    f.schools().select("uai", "circonscription"), on="uai", how="left"
)

st.subheader("Par vague")
tables.show(tables.adoption(adoption, ["profil", "vague"]), f.seuil)
st.subheader("Par circonscription")
tables.show(tables.adoption(adoption, ["profil", "circonscription"]), f.seuil)
st.caption(
    "Taux d'activation : comptes activés / comptes distribués ; taux d'usage : comptes actifs sur 28 jours / "
    "comptes distribués, à la date d'observation. Effectifs sous le seuil masqués, taux correspondants retenus."
)
