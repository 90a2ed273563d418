"""The support journal on the pages: a school's interventions, and the form that records one."""

from __future__ import annotations

import datetime as dt

import polars as pl
import streamlit as st

from ui import data, signin, tables
from warehouse import suivi
from warehouse.labels import INTERVENTIONS

TYPES = INTERVENTIONS
STATUTS = {"": "—", "ouvert": "Ouvert", "en_cours": "En cours", "clos": "Clos"}


def store():
    """A connection to the journal's store (next to the warehouse), for writing."""
    return suivi.connect(data.journal_path())


def listing(uais: list[str]) -> pl.DataFrame:
    """The interventions of the schools `uais`, newest first."""
    return data.journal().filter(pl.col("uai").is_in(uais))


def show(uai: str) -> None:
    """A school's interventions, newest first."""
    found = listing([uai])
    if found.is_empty():
        st.caption("Aucune intervention enregistrée pour cette école.")
        return
    tables.show(
        found.drop("uai").with_columns(pl.col("type").replace(TYPES), pl.col("statut").replace(STATUTS)),
        names={
            "date": "Date",
            "type": "Type",
            "intervenant": "Intervenant",
            "note": "Note",
            "referent": "Référent",
            "statut": "Statut",
        },  # fmt: skip
    )


def me() -> set[str]:
    """How the signed-in person may be named as a referent: their e-mail and their name, in lower case (nothing
    in local mode)."""
    scope = st.session_state.get("perimetre")
    names = {scope.identifiant if scope else None, st.session_state.get("nom")}
    return {n.strip().lower() for n in names if n and n.strip()}


def may_write() -> bool:
    """The support team and the committee write the journal (everyone in local mode)."""
    scope = st.session_state.get("perimetre")
    return scope is not None and scope.role in ("pilotage", "accompagnement")


def form(schools: dict[str, str], key: str) -> None:
    """The form that records an intervention at one of `schools` (UAI → name)."""
    if not may_write() or not schools:
        return
    with st.form(key, clear_on_submit=True):
        st.caption("Les notes portent sur l'école et son équipe, jamais sur un élève ni sur une famille.")
        uai = st.selectbox("École", list(schools), format_func=lambda u: f"{u} — {schools[u]}", key=f"{key}-ecole")
        cols = st.columns(3)
        day = cols[0].date_input("Date", value=dt.date.today(), format="DD/MM/YYYY", key=f"{key}-date")
        kind = cols[1].selectbox("Type", list(TYPES), format_func=TYPES.get, key=f"{key}-type")
        status = cols[2].selectbox("Statut", list(STATUTS), format_func=STATUTS.get, key=f"{key}-statut")
        cols = st.columns(2)
        signed_in = st.session_state.get("nom") or getattr(st.session_state.get("perimetre"), "identifiant", None)
        who = cols[0].text_input("Intervenant", value=signed_in or "", key=f"{key}-intervenant")
        referent = cols[1].text_input(
            "Référent de l'école",
            key=f"{key}-referent",
            help="Qui suit l'école. Avec votre nom ou votre adresse, l'école apparaît dans « Mes écoles ».",
        )
        note = st.text_area("Note", key=f"{key}-note")
        if st.form_submit_button("Enregistrer l'intervention"):
            con = store()
            try:
                item = suivi.Intervention(day, uai, kind, who.strip(), note.strip(), referent.strip(), status)
                new = suivi.add(con, [item], "tableau de bord")
            finally:
                con.close()
            signin.note("accompagnement", "intervention", uai)
            if new:
                st.success("Intervention enregistrée.")
            else:
                st.info("Cette intervention était déjà enregistrée.")
