"""What pages read: short-lived read-only connections, cached per published version.

A page never holds a connection between reruns, so a load can always swap a
new warehouse in; the cache key includes the published file's identity, so
the next rerun after a load shows the new data without a restart.
"""

from __future__ import annotations

import streamlit as st

from warehouse import db
from warehouse.queries import record
from warehouse.settings import settings


def fr_number(n: int | None) -> str:
    """12345 → '12 345' (narrow no-break space, as French typography wants)."""
    return "—" if n is None else f"{n:,}".replace(",", "\u202f")


@st.cache_data(show_spinner=False)
def _summary(path: str, version: tuple) -> dict:
    con = db.open_reader(path)
    try:
        return record(con, "summary")
    finally:
        con.close()


def summary() -> dict | None:
    """Headline counts of the published warehouse, or None when there is none yet."""
    path = settings().warehouse
    version = db.version(path)
    if version is None:
        return None
    return _summary(str(path), version)
