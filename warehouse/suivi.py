"""The support journal (interventions): its own SQLite store next to the warehouse.

A load replaces the warehouse file by an atomic rename; anything the
dashboard wrote into it meanwhile would be lost. The journal therefore lives
in `suivi.sqlite` (env `ENT_SUIVI`), in WAL mode, so that the dashboard and an
import write at the same time and readers never wait.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from warehouse.queries import sql

TYPES = ("visite", "formation", "appel", "visio", "courriel", "autre")
STATUTS = ("ouvert", "en_cours", "clos")
FIELDS = ("date", "uai", "type", "intervenant", "note", "referent", "statut")
REQUIRED = ("date", "uai", "type")
UAI_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"


def suivi_path(warehouse: Path) -> Path:
    """`ENT_SUIVI`, else suivi.sqlite next to the warehouse."""
    return Path(os.environ.get("ENT_SUIVI") or Path(warehouse).with_name("suivi.sqlite"))


def connect(path: Path) -> sqlite3.Connection:
    """The journal, created (mode 0600) if need be, in WAL mode, waiting up to 10 s for another writer."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
    con = sqlite3.connect(path, timeout=10)
    con.execute("PRAGMA journal_mode=WAL")
    con.executescript(sql("suivi_schema"))
    return con


def valid_uai(uai: str) -> bool:
    """7 digits (Corsica writes 2A/2B, counted as 620/720) and their check letter."""
    if len(uai) != 8:
        return False
    head = ("620" if uai[2] == "A" else "720") + uai[3:7] if uai[:3] in ("02A", "02B") else uai[:7]
    return head.isdigit() and UAI_LETTERS[int(head) % 23] == uai[7]


def read_date(text: str) -> dt.date | None:
    """JJ/MM/AAAA (a French Excel) or ISO; None when unreadable."""
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    return None


@dataclass(frozen=True)
class Intervention:
    """One intervention as entered or imported."""

    date: dt.date
    uai: str
    type: str
    intervenant: str = ""
    note: str = ""
    referent: str = ""
    statut: str = ""


def problem(values: dict[str, str]) -> str | None:
    """Why a row cannot be kept (in French), or None."""
    for name in REQUIRED:
        if not values.get(name):
            return f"{name} manquant"
    if read_date(values["date"]) is None:
        return "date illisible (JJ/MM/AAAA attendu)"
    if not valid_uai(values["uai"].upper()):
        return "uai invalide"
    if values["type"].lower() not in TYPES:
        return "type inconnu (" + ", ".join(TYPES) + " attendu)"
    if values.get("statut") and values["statut"].lower() not in STATUTS:
        return "statut inconnu (" + ", ".join(STATUTS) + " attendu)"
    return None


def intervention(values: dict[str, str]) -> Intervention:
    """A valid row as an intervention (see `problem`)."""
    return Intervention(
        date=read_date(values["date"]),
        uai=values["uai"].upper(),
        type=values["type"].lower(),
        intervenant=values.get("intervenant", ""),
        note=values.get("note", ""),
        referent=values.get("referent", ""),
        statut=(values.get("statut") or "").lower(),
    )


def add(con: sqlite3.Connection, items: list[Intervention], source: str) -> int:
    """Record interventions; one recorded before (every field the same) is kept once. Returns how many were new."""
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    before = con.total_changes
    with con:
        con.executemany(
            sql("suivi_ajout"),
            [
                (i.date.isoformat(), i.uai, i.type, i.intervenant, i.note, i.referent, i.statut, now, source)
                for i in items
            ],
        )
    return con.total_changes - before


def interventions(con: sqlite3.Connection | None, uais: list[str] | None = None):
    """The interventions (all, or those of the schools `uais`), newest first, as a Polars frame (empty without a
    journal: `con` None)."""
    import polars as pl

    found = [] if con is None else con.execute(sql("suivi_liste")).fetchall()
    frame = pl.DataFrame(found, schema={f: pl.String for f in FIELDS}, orient="row").with_columns(
        pl.col("date").str.to_date()
    )
    return frame if uais is None else frame.filter(pl.col("uai").is_in(uais))


def read(path: Path):
    """Every intervention of the journal at `path` (empty when there is no journal yet; none is created)."""
    if not path.exists():
        return interventions(None)
    con = connect(path)
    try:
        return interventions(con)
    finally:
        con.close()


def version(path: Path) -> tuple[int, int]:
    """What identifies the journal's content: interventions are only ever added, so their count and last id."""
    if not path.exists():
        return (0, 0)
    con = connect(path)
    try:
        return con.execute(sql("suivi_version")).fetchone()
    finally:
        con.close()


def referents(con: sqlite3.Connection) -> dict[str, str]:
    """Who follows each school: the referent of its latest intervention that names one."""
    return dict(con.execute(sql("suivi_referents")).fetchall())
