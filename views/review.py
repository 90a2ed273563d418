"""Bilan: targets against measured values this school year and the last, per wave; the export pack."""

import polars as pl
import streamlit as st

from ui import data, filters, signin, tables
from warehouse import masking, metrics
from warehouse.labels import INDICATEURS, date_fr

f = filters.current()
st.title("Bilan")
# Over the person's scope: a circonscription's waves and its own total (niveau "Périmètre").
card = data.scorecard(f.as_of, f.scoped_uais())
if card.is_empty():
    st.info("territoire.toml ne fixe aucune cible ([cibles]).")
else:
    card = masking.withhold(card, f.seuil, metrics.SCORECARD_RATE)
    if f.vagues:
        card = card.filter(pl.col("niveau").is_in(["Territoire"] + [f"Vague {v}" for v in f.vagues]))
    if f.profils:
        card = card.filter(pl.col("profil").is_in(list(f.profils)))
    shown = card.select(
        "niveau",
        pl.col("indicateur").replace(INDICATEURS),
        "profil",
        "cible",
        "valeur",
        "valeur_annee_precedente",
        pl.when(pl.col("valeur").is_null())
        .then(pl.lit("—"))
        .when(pl.col("atteint"))
        .then(pl.lit("atteinte"))
        .otherwise(pl.lit("non atteinte"))
        .alias("resultat"),
    )
    # Two decimals of percent: the precision a target is judged at.
    tables.show(
        shown,
        percents=("cible", "valeur", "valeur_annee_precedente"),
        decimals=2,
        names={"valeur_annee_precedente": "Un an plus tôt", "resultat": "Résultat"},
    )
    st.caption(
        f"Valeurs au {date_fr(f.as_of)} et 52 semaines plus tôt (le même jour de la semaine), sur toutes les écoles de chaque "
        "vague ; « écoles ouvertes il y a un an » : les mêmes écoles aux deux dates, car le territoire d'il y a un an "
        "en comptait moins. Cibles de territoire.toml ([cibles])."
    )
    year_before = metrics.year_before(f.as_of)
    frozen = data.get("frozen_day", year_before)
    if frozen and frozen != year_before:
        st.caption(
            f"Un an plus tôt, le {date_fr(year_before)} est dans la période figée par la purge de conservation des "
            f"traces : valeurs du dimanche {date_fr(frozen)}."
        )

st.subheader("Pack d'export")
st.caption(
    "Le pack d'export pour la date d'observation : CSV pour les machines, classeur XLSX et rapport HTML "
    "autonome (lisible hors ligne, imprimable) pour les personnes."
)
if st.button("Préparer le pack d'export"):
    st.session_state["pack"] = data.export_pack(f.as_of, f.seuil, f.scoped_uais())
pack = st.session_state.get("pack")
if pack:
    mimes = {
        ".csv": "text/csv",
        ".html": "text/html",
        ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
    for name, content in pack.items():
        st.download_button(
            f"Télécharger {name}",
            content,
            file_name=name,
            mime=mimes.get(name[name.rfind(".") :], "application/octet-stream"),
            key=f"dl-{name}",
            on_click=signin.note,
            args=("bilan", "telechargement", name),
        )
