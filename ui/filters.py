"""The shared filters (as-of date, wave, circonscription, profile), set once in dashboard.py, read by every page.

The signed-in person's scope is part of them: every page gets its schools
through `Filters.schools` and its rows through `Filters.apply`, so no page can
show a school outside the scope.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl
import streamlit as st

from ui import data
from ui.access import Scope
from warehouse.labels import PROFILS

KEYS = {
    "as_of": "filtre_date",
    "vagues": "filtre_vagues",
    "circos": "filtre_circonscriptions",
    "profils": "filtre_profils",
}


@dataclass(frozen=True)
class Filters:
    """What the user chose; empty lists mean "all"."""

    as_of: dt.date
    last_day: dt.date
    vagues: tuple[str, ...]
    circonscriptions: tuple[str, ...]
    profils: tuple[str, ...]
    seuil: int
    scope: Scope = Scope.local_mode()
    asked: dt.date | None = None  # the date chosen, when its figures are those frozen on an earlier Sunday
    frozen: bool = False  # the figures are those a retention purge froze (as of the Sunday as_of)

    def schools(self) -> pl.DataFrame:
        """The schools in scope (the person's, then the wave and circonscription filters), with their phase on
        the as-of date."""
        df = self.scope.schools(data.get("schools", self.as_of))
        if self.vagues:
            df = df.filter(pl.col("vague").is_in(list(self.vagues)))
        if self.circonscriptions:
            df = df.filter(pl.col("circonscription").is_in(list(self.circonscriptions)))
        return df

    def scoped_uais(self) -> tuple[str, ...] | None:
        """The schools of the person's scope, for queries that aggregate over schools; None for all of them."""
        if self.scope.everything:
            return None
        return tuple(self.scope.schools(data.get("schools", self.as_of))["uai"].to_list())

    def apply(self, df: pl.DataFrame) -> pl.DataFrame:
        """Keep the rows of schools in scope and of the chosen profiles."""
        if "uai" in df.columns and (self.vagues or self.circonscriptions or not self.scope.everything):
            df = df.filter(pl.col("uai").is_in(self.schools()["uai"].implode()))
        if "profil" in df.columns and self.profils:
            df = df.filter(pl.col("profil").is_in(list(self.profils)))
        return df


def sidebar(last_day: dt.date, scope: Scope) -> Filters:
    """Draw the filters in the sidebar (their state survives page changes); they offer only what `scope` holds."""
    schools = scope.schools(data.get("schools", last_day))
    seuil = int(data.get("territory")["confidentialite"]["seuil"])
    with st.sidebar:
        st.header("Filtres")
        as_of = st.date_input(
            "Date d'observation",
            value=last_day,
            max_value=last_day,
            format="DD/MM/YYYY",
            key=KEYS["as_of"],
            help="Les indicateurs sont calculés à cette date ; par défaut, le dernier jour avec des données.",
        )
        vagues = st.multiselect(
            "Vagues", sorted(schools["vague"].drop_nulls().unique().to_list()), key=KEYS["vagues"], placeholder="Toutes"
        )
        circos = st.multiselect(
            "Circonscriptions",
            sorted(schools["circonscription"].drop_nulls().unique().to_list()),
            key=KEYS["circos"],
            placeholder="Toutes",
        )
        profils = st.multiselect(
            "Profils", list(PROFILS), format_func=lambda p: PROFILS[p], key=KEYS["profils"], placeholder="Tous"
        )
        st.caption(f"Effectifs de 1 à {seuil - 1} personnes masqués (« <{seuil} »).")
    # A day whose traces a retention purge deleted is read as of the Sunday its figures were frozen on.
    frozen = data.get("frozen_day", as_of)
    return Filters(
        as_of=frozen or as_of,
        asked=as_of if frozen and frozen != as_of else None,
        frozen=frozen is not None,
        last_day=last_day,
        vagues=tuple(vagues),
        circonscriptions=tuple(circos),
        profils=tuple(profils),
        seuil=seuil,
        scope=scope,
    )


def current() -> Filters:
    """The filters of this run (set by dashboard.py before the page runs)."""
    return st.session_state["filtres"]
